using Harness.Devices;
using Harness.Plan;
using Harness.Results;
using Harness.Roofline;

namespace Harness.Tests.Roofline;

/// <summary>
/// Emulated figures projected onto a device by the roofline: by the compute roof for a model of
/// high arithmetic intensity, by the memory roof for one of low intensity, each side by its own
/// where they differ; nothing where a figure is missing.
/// </summary>
public sealed class RooflineProjectionTests
{
    // This machine: 400 GFLOP/s fp32, 20 GB/s (ridge at 20 ops/byte). The device: 100 GFLOP/s, 10 GB/s (ridge at 10).
    private static readonly PeakFigures Host = new("cpu", "host", PeakStatus.Measured, null, 2, 400, 200, null, "unsupported", 20, "test", DateTimeOffset.UnixEpoch);

    private static readonly EdgeEmulation Device = new("board", "Board", "4x A76", 4, 1L << 30)
    {
        Published = new PublishedPerformance(100, 10, "data sheet", "2026-01"),
    };

    private static MeasurementResult Measured(double intensity) => new(
        "m/fp32/board/single-stream", "m", "fp32", "board", new LoadInfo("single-stream", 1, 1), MeasurementStatus.Ok, null,
        new LatencySummary(100, 2, 0.5, 1, 2, 3, 3.5, 4, 5, 6), new ThroughputInfo(500, 500), null, null, ValidityInfo.NotMeasured("test"), null)
    {
        Roofline = new RooflineInfo(1e6, 0, 1e6 / intensity, intensity, 0.5, []),
    };

    [Fact]
    public void A_compute_bound_model_scales_by_the_ratio_of_fp32_peaks()
    {
        var projected = RooflineProjection.Project(Measured(intensity: 50), Host, Device)!;

        Assert.Equal(("compute", 4.0), (projected.Bound, projected.Factor));
        Assert.Equal((8.0, 16.0, 24.0), (projected.LatencyMs.P50, projected.LatencyMs.P99, projected.LatencyMs.Max));
        Assert.Equal(125, projected.SamplesPerSec);
        Assert.Equal(100, projected.LatencyMs.Count);
        Assert.Equal(FigureKinds.Projected, projected.Figures);
        Assert.Equal("data sheet (2026-01)", projected.Source);
    }

    [Fact]
    public void A_memory_bound_model_scales_by_the_ratio_of_bandwidths()
    {
        var projected = RooflineProjection.Project(Measured(intensity: 2), Host, Device)!;

        Assert.Equal(("memory", 2.0), (projected.Bound, projected.Factor));
        Assert.Equal(4.0, projected.LatencyMs.P50);
    }

    [Fact]
    public void Between_the_two_ridges_each_side_follows_its_own_roof()
    {
        // Intensity 15: the host is memory-bound (15 × 20 = 300 < 400), the device compute-bound (100 < 15 × 10).
        var projected = RooflineProjection.Project(Measured(intensity: 15), Host, Device)!;

        Assert.Equal(("compute", 3.0), (projected.Bound, projected.Factor));
    }

    [Fact]
    public void Nothing_is_projected_without_published_peaks_a_roofline_or_measured_host_peaks()
    {
        Assert.Null(RooflineProjection.Project(Measured(50), Host, Device with { Published = null }));
        Assert.Null(RooflineProjection.Project(Measured(50) with { Roofline = null }, Host, Device));
        Assert.Null(RooflineProjection.Project(Measured(50), PeakFigures.Unavailable("cpu", "host", "no", DateTimeOffset.UnixEpoch), Device));
    }

    [Fact]
    public void A_device_that_publishes_one_roof_is_projected_by_that_roof_alone()
    {
        var computeOnly = Device with { Published = new PublishedPerformance(100, null, "s", "d") };

        var projected = RooflineProjection.Project(Measured(intensity: 2), Host, computeOnly)!;

        Assert.Equal(("compute", 4.0), (projected.Bound, projected.Factor));
    }
}
