using Harness.Plan;
using Harness.Results;

namespace Harness.Roofline;

/// <summary>
/// Projects an emulated measurement onto its device by the roofline: latency × (this machine's
/// attainable rate / the device's), each side's rate being min(peak fp32, intensity × bandwidth)
/// over the roofs the device publishes. Where both sides are held by the same roof this is the
/// measured peak over the published peak of that roof (compute: GFLOP/s; memory: GB/s); where the
/// roofs differ it follows each side's own. fp32 peaks on both sides: devices publish no int8 peak.
/// </summary>
public static class RooflineProjection
{
    /// <summary>The projection, or null where the target projects nothing or a figure it needs is missing.</summary>
    public static ProjectionInfo? Project(MeasurementResult result, PeakFigures host, EdgeEmulation? device)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(host);
        if (device?.Published is not { } published || result.Roofline is not { ArithmeticIntensity: > 0 } work || result.LatencyMs is not { } latency
            || host is not { IsMeasured: true, Fp32Gflops: > 0, BandwidthGBps: > 0 })
        {
            return null;
        }

        var intensity = work.ArithmeticIntensity;
        var deviceCompute = published.PeakGflops;
        var deviceMemory = intensity * published.MemoryBandwidthGBps;
        var hostRate = Lower(deviceCompute is null ? null : host.Fp32Gflops, deviceMemory is null ? null : intensity * host.BandwidthGBps);
        var deviceRate = Lower(deviceCompute, deviceMemory);
        if (hostRate is not > 0 || deviceRate is not > 0)
        {
            return null;
        }

        var factor = hostRate.Value / deviceRate.Value;
        var bound = deviceCompute is { } compute && (deviceMemory is not { } memory || compute <= memory) ? "compute" : "memory";
        var scaled = latency with
        {
            Mean = latency.Mean * factor,
            Stdev = latency.Stdev * factor,
            Min = latency.Min * factor,
            P50 = latency.P50 * factor,
            P90 = latency.P90 * factor,
            P95 = latency.P95 * factor,
            P99 = latency.P99 * factor,
            P999 = latency.P999 * factor,
            Max = latency.Max * factor,
        };
        return new ProjectionInfo(device.Device, bound, hostRate.Value, deviceRate.Value, factor, scaled, result.Throughput?.SamplesPerSec / factor, $"{published.Source} ({published.Date})");
    }

    private static double? Lower(double? a, double? b) => a is { } x && b is { } y ? Math.Min(x, y) : a ?? b;
}
