using Harness.Results;

namespace Harness.Reports;

/// <summary>One latency or throughput measurement, with the figures a reader compares.</summary>
/// <param name="Id">The job id (model/variant/target/load).</param>
/// <param name="Load">The load part of the job id (single-stream, offline-b4, server-qps200).</param>
/// <param name="ColdStartMs">Session creation plus the first inference.</param>
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
    double? PeakRssMiB)
{
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
            m.Memory is { } memory ? memory.PeakRssBytes / (1024.0 * 1024.0) : null);
    }
}
