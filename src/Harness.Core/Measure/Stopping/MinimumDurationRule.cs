using Harness.Plan;

namespace Harness.Measure.Stopping;

/// <summary>LoadGen's minimum duration (<c>min_duration</c>).</summary>
public sealed class MinimumDurationRule : IStoppingRule
{
    public string? Violation(RunEvidence run) => run.Elapsed < run.Rules.MinDuration
        ? $"ran {Quantities.FormatDuration(run.Elapsed)}, shorter than min_duration {Quantities.FormatDuration(run.Rules.MinDuration)}{run.LimitNote}"
        : null;
}
