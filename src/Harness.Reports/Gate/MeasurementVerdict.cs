namespace Harness.Reports.Gate;

/// <summary>One percentile's part of a verdict: its ratio with the interval, and what it alone says.</summary>
/// <param name="Threshold">The thresholds it was held to.</param>
/// <param name="Warning">It passed, but its ratio is past the warn threshold.</param>
public sealed record PercentileVerdict(string Name, PercentileRatio Ratio, GateThreshold Threshold, GateVerdict Verdict, bool Warning, string Reason)
{
    /// <summary>False when too few samples support this percentile for it to count (see <see cref="LatencyGate"/>).</summary>
    public bool Judged { get; init; } = true;

    /// <summary>How far a run of the baseline's build may move this percentile by chance (<see cref="RunToRunNoise"/>); null for a single-run baseline.</summary>
    public double? RunNoise { get; init; }
}

/// <summary>
/// The gate's verdict on one measurement, with the numbers behind it: sample counts on both sides,
/// the Mann–Whitney p-values in both directions, and each percentile's ratio and interval. A
/// measurement that could not be compared (invalid, too few samples, another machine) has no
/// numbers, only <see cref="Reasons"/>.
/// </summary>
/// <param name="PSlower">One-sided Mann–Whitney p-value for "current is slower"; null when not compared.</param>
/// <param name="PFaster">One-sided Mann–Whitney p-value for "current is faster".</param>
/// <param name="Rerun">True when this verdict comes from a re-measurement (<c>--rerun</c>).</param>
public sealed record MeasurementVerdict(
    string Id,
    GateVerdict Verdict,
    IReadOnlyList<string> Reasons,
    int BaselineSamples,
    int CurrentSamples,
    int BaselineRuns,
    double? PSlower,
    double? PFaster,
    IReadOnlyList<PercentileVerdict> Percentiles)
{
    public bool Rerun { get; init; }

    /// <summary>True when both sides were measured anew, in turns, in one worker (<c>--in-turns</c>).</summary>
    public bool InTurns { get; init; }

    public bool Warning => Percentiles.Any(p => p.Warning);

    public PercentileVerdict? Median => Percentiles.FirstOrDefault(p => p.Name == "p50");

    public PercentileVerdict? P99 => Percentiles.FirstOrDefault(p => p.Name == "p99");

    public static MeasurementVerdict Inconclusive(string id, IReadOnlyList<string> reasons, int baselineSamples = 0, int currentSamples = 0, int baselineRuns = 0) =>
        new(id, GateVerdict.Inconclusive, reasons, baselineSamples, currentSamples, baselineRuns, null, null, []);
}
