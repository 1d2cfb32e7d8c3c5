using Harness.Results;

namespace Harness.Reports;

/// <summary>One latency or throughput measurement, with the figures a reader compares.</summary>
/// <param name="Id">The job id (model/variant/target/load).</param>
/// <param name="Load">The load part of the job id (single-stream, offline-b4, server-qps200).</param>
/// <param name="ColdStartMs">Session creation plus the first inference.</param>
/// <param name="Percentiles">Latency at each quantile measured (0.5 to 0.999), for percentile curves; empty when not measured.</param>
/// <param name="Probes">Throughput against p99 at each load a peak-QPS search or concurrency sweep tried, in order; empty otherwise.</param>
public sealed record SpeedRow(
    string Id,
    string Model,
    string Variant,
    string Target,
    string Load,
    string Status,
    double? P50Ms,
    double? P90Ms,
    double? P99Ms,
    double? QueriesPerSec,
    double? SamplesPerSec,
    double? ColdStartMs,
    double? PeakRssMiB,
    IReadOnlyList<LatencyAtQuantile> Percentiles,
    IReadOnlyList<ProbePoint> Probes)
{
    /// <summary>The load's kind as results name it (single-stream, offline, server…).</summary>
    public string LoadKind { get; init; } = string.Empty;

    /// <summary>Samples per query: 1 for single-stream, the batch for offline-b8.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>How the figures came about (<c>emulated on …</c>); null or <c>measured</c> for figures measured as they are.</summary>
    public string? Figures { get; init; }

    /// <summary>The target as a table shows it: with its figures' label where they are not plainly measured.</summary>
    public string TargetCell => Figures is { } figures && figures != FigureKinds.Measured ? $"{Target} ({figures})" : Target;

    /// <summary>Operations per sample × samples/s, in GFLOP/s (integer operations included); null where the work was not counted.</summary>
    public double? AchievedGflops { get; init; }

    /// <summary>Achieved GFLOP/s as a share of the target's roofline at the model's arithmetic intensity; null without measured peaks.</summary>
    public double? RooflineShare { get; init; }

    public static SpeedRow From(MeasurementResult m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new SpeedRow(
            m.Id,
            m.Model,
            m.Variant,
            m.Target,
            m.Id[(m.Id.LastIndexOf('/') + 1)..],
            m.Status,
            m.LatencyMs?.P50,
            m.LatencyMs?.P90,
            m.LatencyMs?.P99,
            m.Throughput?.QueriesPerSec,
            m.Throughput?.SamplesPerSec,
            m.ColdStartMs is { } cold ? cold.SessionCreate + cold.FirstInference : null,
            m.Memory is { } memory ? memory.PeakRssBytes / (1024.0 * 1024.0) : null,
            m.LatencyMs is { } l ? [new(0.5, l.P50), new(0.9, l.P90), new(0.95, l.P95), new(0.99, l.P99), new(0.999, l.P999)] : [],
            [.. (m.Probes ?? []).Where(p => p.LatencyMs is not null).Select(p => new ProbePoint(p.Throughput.QueriesPerSec, p.LatencyMs!.P99, p.MeetsSlo))])
        {
            LoadKind = m.Load.Scenario,
            BatchSize = m.Load.BatchSize,
            Figures = m.Figures,
            AchievedGflops = m.Roofline?.AchievedGflops,
            RooflineShare = m.Roofline?.Share,
        };
    }
}

/// <param name="Quantile">0.99 is p99.</param>
public readonly record struct LatencyAtQuantile(double Quantile, double Ms);

/// <param name="MeetsSlo">Whether this load kept the latency objective; null without one.</param>
public readonly record struct ProbePoint(double QueriesPerSec, double P99Ms, bool? MeetsSlo);
