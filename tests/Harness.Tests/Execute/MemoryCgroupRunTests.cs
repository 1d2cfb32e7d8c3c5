using Harness.Execute;
using Harness.Measure.Placement;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Plan;
using Harness.Results;

namespace Harness.Tests.Execute;

/// <summary>Whether this machine lets Harness make a memory cgroup (root, or a delegated group), and why not.</summary>
internal static class MemoryCgroups
{
    private static readonly Lazy<string?> Probe = new(() =>
    {
        using var group = MemoryCgroup.TryCreate(64L << 20, out var whyNot);
        return group is null ? whyNot : null;
    });

    /// <summary>Null where a memory cgroup can be made here; otherwise the reason.</summary>
    public static string? WhyNot => Probe.Value;
}

/// <summary>A fact that runs only where a memory cgroup can be made; elsewhere it is skipped with the reason.</summary>
internal sealed class MemoryCgroupFactAttribute : FactAttribute
{
    public MemoryCgroupFactAttribute()
    {
        if (MemoryCgroups.WhyNot is { } why)
        {
            Skip = $"no writable memory cgroup here: {why}";
        }
    }
}

/// <summary>
/// An emulated device's memory held by the kernel: real workers in a real memory cgroup, one model
/// that fits the device's memory and one that needs far more, on the same target in one run.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class MemoryCgroupRunTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("cgroup");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [MemoryCgroupFact]
    public async Task Should_Stop_A_Model_That_Does_Not_Fit_The_Devices_Memory_And_Measure_The_One_That_Does()
    {
        var path = Path.Combine(folder, "scenario.yaml");
        await File.WriteAllTextAsync(path, $"""
            version: 1
            name: cgroup
            models:
              - name: small
                path: {Tiled(folder, "small", 1)}
                inputs:
                  - {"{"} name: x, shape: [batch, 64] {"}"}
              - name: hungry
                path: {Tiled(folder, "hungry", 4 << 20)}
                inputs:
                  - {"{"} name: x, shape: [batch, 64] {"}"}
            devices:
              profiles:
                board:
                  device: Small Board
                  cpu: 1x Arm Cortex-A55
                  architecture: arm64
                  cores: 1
                  memory: 300MiB
                  source: a board with room for ONNX Runtime and a small model only
                  date: 2026-11
            targets:
              - {"{"} name: board, device: edge, profile: board {"}"}
            loads:
              - single-stream
            run:
              min_duration: 100ms
              min_queries: 16
              warmup: 1
              stability_tolerance: 1000%
            """);
        var scenario = ScenarioParser.ParseFile(path);
        var store = ResultsStore.Create(Path.Combine(folder, "results"), ResultsStore.NewRunId(scenario.Name, DateTimeOffset.UtcNow));
        var results = await new RunOrchestrator(new NullObserver(), TimeProvider.System).RunAsync(scenario, JobPlanner.Plan(scenario), store, EnvironmentProbe.Capture("test", ["CPUExecutionProvider"]), CancellationToken.None);

        // One output of 4 Mi × 64 floats (1 GiB) per query: the kernel stops the worker at the device's 300 MiB.
        var hungry = results.Measurements.Single(m => m.Model == "hungry");
        Assert.Equal(MeasurementStatus.Failed, hungry.Status);
        Assert.StartsWith("does not fit in the device's 300 MiB (Small Board, 'board' profile): ", hungry.Error, StringComparison.Ordinal);

        // The run goes on: the small model runs in a group of the same size, and says how its limit was held.
        var small = results.Measurements.Single(m => m.Model == "small");
        Assert.True(small.Status == MeasurementStatus.Ok, small.Error);
        Assert.Equal(300L << 20, small.Placement!.MemoryLimitBytes);
        Assert.True(small.Placement.MemoryLimitBy is MemoryCgroup.V1 or MemoryCgroup.V2, small.Placement.MemoryLimitBy);
        Assert.Equal(("0", 1), (small.Placement.Cores, small.Placement.IntraOpThreads));

        // Each worker's group is gone with it.
        Assert.DoesNotContain(Directory.GetParent(GroupOfThisProcess())!.EnumerateDirectories("harness-worker-*"), d => d.Name.Contains($"-{Environment.ProcessId}-", StringComparison.Ordinal));
    }

    /// <summary>y = Tile(x, [1, repeats]): x [batch, 64] comes out [batch, 64 × repeats], so the memory a query needs grows with repeats.</summary>
    private static string Tiled(string folder, string name, long repeats)
    {
        var path = Path.Combine(folder, name + ".onnx");
        new GraphBuilder(name)
            .Input("x", TensorElementType.Float, "batch", 64)
            .Initializer("repeats", new long[] { 1, repeats }, 2)
            .Node("Tile", ["x", "repeats"], ["y"])
            .Output("y", TensorElementType.Float, "batch", "wide")
            .Build()
            .Save(path);
        return path;
    }

    /// <summary>A group folder under the one this process is in (made and removed again), to find where workers' groups go.</summary>
    private static string GroupOfThisProcess()
    {
        using var probe = MemoryCgroup.TryCreate(64L << 20, out var whyNot) ?? throw new InvalidOperationException(whyNot);
        return probe.Directory;
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
