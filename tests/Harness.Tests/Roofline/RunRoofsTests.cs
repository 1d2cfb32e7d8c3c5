using Harness.Plan;
using Harness.Results;
using Harness.Roofline;

namespace Harness.Tests.Roofline;

/// <summary>Which roof a measurement is placed under: its own machine's at the threads it ran with, or the one probed where it ran.</summary>
public sealed class RunRoofsTests : IDisposable
{
    private readonly string home = TestAssets.NewScratchDirectory("run-roofs");

    public void Dispose() => Directory.Delete(home, recursive: true);

    private static MeasurementResult Measured(PlacementInfo? placement) => new(
        "m/fp32/t/offline-b1", "m", "fp32", "t", new LoadInfo("offline", 1, 1), MeasurementStatus.Ok, null,
        new LatencySummary(10, 1, 0, 1, 1, 1, 1, 1, 1, 1), new ThroughputInfo(1000, 1000), null, null, ValidityInfo.NotMeasured("test"), null)
    {
        Placement = placement,
        Roofline = new RooflineInfo(1e6, 0, 1e6, 1, 1, []),
    };

    [Fact]
    public void An_emulated_device_with_fewer_cores_here_is_placed_under_the_roof_of_the_threads_it_ran()
    {
        // A four-core profile on a machine that gave it one core: the worker ran one thread, and said so.
        var target = TargetSpec.DefaultCpu with { Name = "board", Device = TargetDevice.Edge, IntraOpThreads = 4 };
        var roofs = new RunRoofs(new PeakCache(home));

        var placed = roofs.Place(target, Measured(new PlacementInfo("0", 3, 1, "the first 4 cores", 1L << 30)));

        Assert.Equal(1, Assert.Single(roofs.Peaks).Threads);
        Assert.NotNull(placed.Roofline!.Share);
    }

    [Fact]
    public void A_measurement_from_another_machine_is_placed_under_that_machines_peaks_and_listed_with_its_host()
    {
        var there = new PeakFigures("cpu", "Cortex-A76", PeakStatus.Measured, null, 4, 100, 30, null, "unsupported", 10, "test", DateTimeOffset.UnixEpoch) { Host = "pi" };
        var roofs = new RunRoofs(new PeakCache(home));

        var placed = roofs.Place(TargetSpec.DefaultCpu with { Name = "pi", Device = TargetDevice.Agent }, Measured(null), there);

        Assert.Equal(there, Assert.Single(roofs.Peaks));
        Assert.Equal((10.0, 0.1, "memory"), (placed.Roofline!.AttainableGflops!.Value, placed.Roofline.Share!.Value, placed.Roofline.Bound));
        Assert.Empty(Directory.GetFileSystemEntries(home)); // nothing probed here
    }
}
