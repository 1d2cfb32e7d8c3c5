namespace Harness.Reports;

/// <summary>
/// Two runs side by side: every measurement id found in either, in A's order then B's new ones,
/// with each run's figures and B's against A's. A measurement in one run only has no ratios.
/// </summary>
public sealed record RunComparison(string RunA, string RunB, IReadOnlyList<ComparedMeasurement> Rows)
{
    public static RunComparison Between(RunReport a, RunReport b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var ids = a.Gates.Select(g => g.Id).Concat(b.Gates.Select(g => g.Id)).Distinct();
        return new RunComparison(a.RunId, b.RunId, [.. ids.Select(id => new ComparedMeasurement(
            id,
            a.Gates.FirstOrDefault(g => g.Id == id),
            b.Gates.FirstOrDefault(g => g.Id == id),
            a.Speed.FirstOrDefault(r => r.Id == id),
            b.Speed.FirstOrDefault(r => r.Id == id),
            a.Accuracy.FirstOrDefault(r => r.Id == id),
            b.Accuracy.FirstOrDefault(r => r.Id == id)))]);
    }
}

/// <summary>One measurement in two runs; null where a run lacks it or did not measure that figure.</summary>
public sealed record ComparedMeasurement(string Id, MeasurementGate? GateA, MeasurementGate? GateB, SpeedRow? SpeedA, SpeedRow? SpeedB, AccuracyRow? AccuracyA, AccuracyRow? AccuracyB)
{
    /// <summary>B's p50 over A's: 0.8 takes 80% of the time.</summary>
    public double? P50Ratio => Ratio(SpeedA?.P50Ms, SpeedB?.P50Ms);

    /// <summary>B's p99 over A's.</summary>
    public double? P99Ratio => Ratio(SpeedA?.P99Ms, SpeedB?.P99Ms);

    /// <summary>B's queries/s over A's: 1.25 serves a quarter more.</summary>
    public double? ThroughputRatio => Ratio(SpeedA?.QueriesPerSec, SpeedB?.QueriesPerSec);

    /// <summary>B's headline minus A's, for the same metric.</summary>
    public double? AccuracyChange => AccuracyA is { } a && AccuracyB is { } b && a.Headline.Metric == b.Headline.Metric
        ? b.Headline.Value - a.Headline.Value
        : null;

    private static double? Ratio(double? a, double? b) => a is > 0 && b is { } vb ? vb / a.Value : null;
}
