using System.Globalization;
using Harness.Results;

namespace Harness.Price;

/// <summary>
/// The work one instance or device sustains, and which measurement says so: the peak rate under
/// the SLO where a Server search ran, else the best offline throughput, else single-stream.
/// </summary>
/// <param name="InferencesPerSecond">Samples per second one unit sustains.</param>
/// <param name="Basis">Which measurement it comes from, in words ("server peak under a 20 ms p99").</param>
/// <param name="P99Ms">The p99 latency at that load, where measured.</param>
/// <param name="Valid">False when only an invalid run was available: the figure is shown, flagged.</param>
public sealed record Capacity(double InferencesPerSecond, string Basis, double? P99Ms, bool Valid)
{
    /// <summary>The capacity of one model variant on one target, from its measurements; null when none measured throughput.</summary>
    public static Capacity? Of(IEnumerable<MeasurementResult> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var measured = measurements.Where(m => m.Throughput is { SamplesPerSec: > 0 } && m.Status is MeasurementStatus.Ok or MeasurementStatus.Invalid).ToList();
        var ordered = measured
            .Select(m => (m, rank: Rank(m)))
            .Where(x => x.rank >= 0)
            .OrderByDescending(x => x.m.Status == MeasurementStatus.Ok)
            .ThenBy(x => x.rank)
            .ThenByDescending(x => Rate(x.m))
            .ToList();
        if (ordered.Count == 0)
        {
            return null;
        }

        var best = ordered[0].m;
        var p99 = best.LatencyMs?.P99 ?? measured.FirstOrDefault(m => m.Load.Scenario == "single-stream")?.LatencyMs?.P99;
        return new Capacity(Rate(best), Describe(best), p99, best.Status == MeasurementStatus.Ok);
    }

    /// <summary>Server runs that met their SLO say most about sustained load; offline next; single-stream last.</summary>
    private static int Rank(MeasurementResult m) => m.Load.Scenario switch
    {
        "server" when m.Slo is { Met: true } => 0,
        "offline" => 1,
        "single-stream" => 2,
        _ => -1,
    };

    private static double Rate(MeasurementResult m) =>
        m.Load.Scenario == "server" && m.Load.AchievedQps is { } qps ? qps : m.Throughput!.SamplesPerSec;

    private static string Describe(MeasurementResult m) => m.Load.Scenario switch
    {
        "server" => string.Create(CultureInfo.InvariantCulture, $"server peak under a {m.Slo!.LatencyMs:0.##} ms p{m.Slo.Percentile * 100:0.##}"),
        "offline" => string.Create(CultureInfo.InvariantCulture, $"offline throughput at batch {m.Load.BatchSize}"),
        _ => "single-stream throughput (one request at a time)",
    };
}
