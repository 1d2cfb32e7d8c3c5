using Harness.Results;

namespace Harness.Reports;

/// <summary>
/// One emulated measurement projected onto its device (<see cref="ProjectionInfo"/>): shown in a
/// table of its own, labelled projected, never in a column beside measured figures.
/// </summary>
/// <param name="Load">The load part of the job id (single-stream, offline-b8).</param>
/// <param name="Factor">This machine's roof over the device's: what the measured latency was multiplied by.</param>
/// <param name="HostGflops">This machine's attainable rate at the model's intensity, from its measured peaks.</param>
/// <param name="DeviceGflops">The device's, from its published peaks.</param>
public sealed record ProjectedRow(
    string Model,
    string Variant,
    string Target,
    string Load,
    string Device,
    string Bound,
    double Factor,
    double HostGflops,
    double DeviceGflops,
    double P50Ms,
    double P99Ms,
    double? SamplesPerSec,
    string Source)
{
    public static ProjectedRow? From(MeasurementResult measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return measurement.Projected is not { } p
            ? null
            : new ProjectedRow(
                measurement.Model,
                measurement.Variant,
                measurement.Target,
                measurement.Id.Split('/')[^1],
                p.Device,
                p.Bound,
                p.Factor,
                p.HostGflops,
                p.DeviceGflops,
                p.LatencyMs.P50,
                p.LatencyMs.P99,
                p.SamplesPerSec,
                p.Source);
    }
}
