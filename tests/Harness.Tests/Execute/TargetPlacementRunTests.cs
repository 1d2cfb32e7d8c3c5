using Harness.Execute;
using Harness.Measure.Placement;
using Harness.Plan;
using Harness.Results;

namespace Harness.Tests.Execute;

/// <summary>
/// Targets that hold their worker to a place, run through real workers: pinned cores as the kernel
/// reports them from inside the worker (every thread, ONNX Runtime's pool included), an emulated
/// device whose memory the variant does not fit, a core the machine does not have.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class TargetPlacementRunTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("placement");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Should_Pin_Workers_Hold_Emulated_Devices_To_Their_Memory_And_Label_Every_Figure()
    {
        var lastCore = CpuAffinity.Current()[^1];
        var path = Path.Combine(folder, "scenario.yaml");
        await File.WriteAllTextAsync(path, $"""
            version: 1
            name: placement
            models:
              - name: cls
                path: {TestAssets.Classifier}
                inputs:
                  - {"{"} name: x, shape: [batch, 3, 48, 192] {"}"}
            devices:
              profiles:
                tiny-board:
                  device: Tiny Board
                  cpu: 1x Arm Cortex-A53
                  architecture: arm64
                  cores: 1
                  memory: 16MiB
                  source: a board too small for any ONNX Runtime process
                  date: 2026-11
            targets:
              - {"{"} name: pinned, cores: [{lastCore}], threads: 2, spin_wait: false {"}"}
              - {"{"} name: tiny, device: edge, profile: tiny-board {"}"}
              - {"{"} name: nowhere, cores: [4000] {"}"}
            loads:
              - single-stream
            run:
              min_duration: 200ms
              min_queries: 64
              warmup: 2
              stability_tolerance: 1000%
            """);
        var scenario = ScenarioParser.ParseFile(path);
        var store = ResultsStore.Create(Path.Combine(folder, "results"), ResultsStore.NewRunId(scenario.Name, DateTimeOffset.UtcNow));
        var host = EnvironmentProbe.Capture("test", ["CPUExecutionProvider"]);
        var results = await new RunOrchestrator(new NullObserver(), TimeProvider.System).RunAsync(scenario, JobPlanner.Plan(scenario), store, host, CancellationToken.None);

        var pinned = results.Measurements.Single(m => m.Target == "pinned");
        Assert.Equal(MeasurementStatus.Ok, pinned.Status);
        Assert.Equal(lastCore.ToString(System.Globalization.CultureInfo.InvariantCulture), pinned.Placement!.Cores);
        Assert.True(pinned.Placement.Threads >= 3, $"every thread is read, the runtime's and ONNX Runtime's too; read {pinned.Placement.Threads}");
        Assert.Equal(FigureKinds.Measured, pinned.Figures);

        var tiny = results.Measurements.Single(m => m.Target == "tiny");
        Assert.Equal(MeasurementStatus.Failed, tiny.Status);
        Assert.Equal($"emulated on {host.Cpu}", tiny.Figures);
        if (MemoryCgroups.WhyNot is null)
        {
            // The kernel holds the worker to 16 MiB, which not even .NET starts in: stopped, nothing measured.
            Assert.StartsWith("does not fit in the device's 16 MiB (Tiny Board, 'tiny-board' profile): ", tiny.Error, StringComparison.Ordinal);
            Assert.Null(tiny.LatencyMs);
        }
        else
        {
            Assert.StartsWith("does not fit: the worker's peak RSS was ", tiny.Error, StringComparison.Ordinal);
            Assert.EndsWith(", over the 16 MiB of Tiny Board ('tiny-board' profile); the figures were measured, but this variant would not run there", tiny.Error, StringComparison.Ordinal);
            Assert.NotNull(tiny.LatencyMs); // measured, then refused: nothing is lost
            Assert.Equal(("0", 1, WorkerPlacement.PeakRssCheck), (tiny.Placement!.Cores, tiny.Placement.IntraOpThreads, tiny.Placement.MemoryLimitBy)); // the profile's one core: the first the worker may use
        }

        var nowhere = results.Measurements.Single(m => m.Target == "nowhere");
        Assert.Equal(MeasurementStatus.Failed, nowhere.Status);
        Assert.Equal($"unavailable: target 'nowhere' asks for core 4000, which this worker may not use; it may use cores {CoreList.Format(CpuAffinity.Current())}", nowhere.Error);

        var environments = results.Targets!.ToDictionary(t => t.Target);
        Assert.Equal((1, 16L << 20, FigureKinds.Emulated, "tiny-board"), (environments["tiny"].Fingerprint.Cores, environments["tiny"].Fingerprint.MemoryBytes, environments["tiny"].Fingerprint.Figures, environments["tiny"].Fingerprint.Profile));
        Assert.Equal(("Tiny Board", 1), (environments["tiny"].Emulates!.Device, environments["tiny"].Emulates!.CoresUsed));
        Assert.NotEqual(environments["pinned"].Fingerprint.Hash, environments["tiny"].Fingerprint.Hash);
        Assert.Equal(environments["pinned"].Fingerprint.Hash, ResultsStore.Read(store.ResultsPath).Targets!.Single(t => t.Target == "pinned").Fingerprint.Hash);
    }

    private sealed class NullObserver : IRunObserver
    {
        public void JobStarted(MeasurementJob job, int index, int count)
        {
        }

        public void JobPhase(MeasurementJob job, string phase)
        {
        }

        public void JobFinished(MeasurementResult result, int index, int count)
        {
        }
    }
}
