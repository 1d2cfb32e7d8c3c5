using Harness.Onnx.Cost;
using Harness.Results;
using Harness.Roofline;

namespace Harness.Tests.Roofline;

/// <summary>The roofline arithmetic: work per sample, the lower of the two roofs, and the share of it achieved.</summary>
public sealed class RooflinePlacementTests
{
    private static PeakFigures Peaks(double fp32, double? int8, double bandwidth) =>
        new("cpu", "test cpu", PeakStatus.Measured, null, 2, fp32, fp32 / 2, int8, "test", bandwidth, "test", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Work_is_divided_by_the_batch_and_multiplied_by_the_sample_rate()
    {
        var cost = new ModelCost(FloatOperations: 8e9, IntegerOperations: 0, Bytes: 4e8, CountedNodes: 3, NotCounted: [new UncountedOps("Reshape", 2, UncountedOps.NoCostRule)]);

        var work = RooflinePlacement.Work(cost, batchSize: 4, samplesPerSec: 10);

        Assert.Equal(2e9, work.OperationsPerSample);
        Assert.Equal(1e8, work.BytesPerSample);
        Assert.Equal(20, work.ArithmeticIntensity);
        Assert.Equal(20, work.AchievedGflops); // 2 GFLOP per sample × 10 samples/s
        Assert.Equal(["Reshape ×2: no cost rule"], work.NotCounted);
    }

    [Fact]
    public void Below_the_ridge_point_the_memory_roof_bounds_the_share()
    {
        // Ridge at 100 / 10 = 10 FLOP/byte; at intensity 4 the roof is 4 × 10 = 40 GFLOP/s.
        var work = new RooflineInfo(1e9, 0, 2.5e8, 4, 30, []);

        var placed = RooflinePlacement.Place(work, Peaks(fp32: 100, int8: null, bandwidth: 10));

        Assert.Equal(40, placed.AttainableGflops);
        Assert.Equal(0.75, placed.Share);
        Assert.Equal("memory", placed.Bound);
    }

    [Fact]
    public void Above_the_ridge_point_a_mix_of_float_and_int8_work_runs_at_each_part_s_own_peak()
    {
        // Half the operations at 100 GFLOP/s, half at 400 GOP/s: 1 / (0.5/100 + 0.5/400) = 160.
        var work = new RooflineInfo(1e9, 0.5, 1e6, 1000, 80, []);

        var placed = RooflinePlacement.Place(work, Peaks(fp32: 100, int8: 400, bandwidth: 10));

        Assert.Equal(160, placed.AttainableGflops!.Value, 9);
        Assert.Equal(0.5, placed.Share!.Value, 9);
        Assert.Equal("compute", placed.Bound);
    }

    [Fact]
    public void An_unavailable_target_leaves_the_work_without_a_ceiling()
    {
        var work = new RooflineInfo(1e9, 0, 1e8, 10, 5, []);

        var placed = RooflinePlacement.Place(work, PeakFigures.Unavailable("cuda", "cuda device 0", "no NVIDIA driver", DateTimeOffset.UnixEpoch));

        Assert.Null(placed.AttainableGflops);
        Assert.Null(placed.Share);
    }
}
