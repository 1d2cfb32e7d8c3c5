using Harness.Measure.Loads;
using Harness.Plan;

namespace Harness.Measure.Stopping;

/// <summary>What the stopping rules judge a finished run by: its log and the figures taken from it.</summary>
/// <param name="Percentile">The latency percentile the load claims; null when it claims none.</param>
/// <param name="First">The earliest scheduled arrival, in clock ticks.</param>
/// <param name="Last">The latest completion, in clock ticks.</param>
/// <param name="LateQueries">Queries the load generator issued over a millisecond late.</param>
public sealed record RunEvidence(LoadRun Run, TimeSpan Elapsed, double? Percentile, RunRules Rules, long First, long Last, long LateQueries)
{
    public int Count => Run.Log.Count;

    /// <summary>What a reason adds when the run was cut short by a maximum, so the reader knows which one.</summary>
    public string LimitNote => Run.HitLimit
        ? $" (stopped at max_duration {Quantities.FormatDuration(Rules.MaxDuration)} or max_queries {Rules.MaxQueries})"
        : string.Empty;
}
