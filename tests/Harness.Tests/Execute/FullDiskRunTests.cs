using Harness.Execute;
using Harness.Plan;
using Harness.Results;
using Harness.Tests.Results;

namespace Harness.Tests.Execute;

/// <summary>A run whose disk fills up part-way: what was written stays complete, and what was not is named.</summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class FullDiskRunTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("full-disk");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Fills (or frees) the disk when a given job finishes, as another program on the machine might.</summary>
    private sealed class DiskActions(SmallDisk disk, int fillAfter, int freeAfter) : IRunObserver
    {
        public List<string> Warnings { get; } = [];

        public void JobStarted(MeasurementJob job, int index, int count)
        {
        }

        public void JobPhase(MeasurementJob job, string phase)
        {
        }

        public void JobFinished(MeasurementResult result, int index, int count)
        {
            if (index == fillAfter)
            {
                disk.Fill();
            }

            if (index == freeAfter)
            {
                disk.Free();
            }
        }

        public void ResultsNotWritten(string message) => Warnings.Add(message);
    }

    private async Task<(Func<Task<RunResults>> Run, ResultsStore Store)> Prepare(DiskActions observer, string resultsRoot)
    {
        var path = Path.Combine(folder, "scenario.yaml");
        await File.WriteAllTextAsync(path, $"""
            version: 1
            name: full-disk
            models:
              - name: m
                path: {TestAssets.Classifier}
            targets:
              - name: noop
                device: noop
            loads:
              - single-stream
              - type: offline
                batch_sizes: [2, 4]
            run:
              warmup: 2
              min_duration: 100ms
              min_queries: 64
              max_queries: 2000
              stability_tolerance: 1000%
            """);
        var scenario = ScenarioParser.ParseFile(path);
        var store = ResultsStore.Create(resultsRoot, "run");
        var environment = EnvironmentProbe.Capture("test", []);
        return (() => new RunOrchestrator(observer, TimeProvider.System).RunAsync(scenario, JobPlanner.Plan(scenario), store, environment, CancellationToken.None), store);
    }

    [Fact]
    public async Task A_disk_that_stays_full_keeps_the_complete_file_and_names_what_it_lacks()
    {
        using var disk = SmallDisk.TryMount(1024);
        if (disk is null)
        {
            return; // needs root to mount a tmpfs; the project's machines and CI run as root
        }

        var observer = new DiskActions(disk, fillAfter: 0, freeAfter: -1);
        var (run, store) = await Prepare(observer, disk.Path);

        var error = await Assert.ThrowsAsync<ResultsNotWrittenException>(run);

        Assert.Contains("m/fp32/noop/offline-b2", error.Message, StringComparison.Ordinal);
        Assert.Contains("m/fp32/noop/offline-b4", error.Message, StringComparison.Ordinal);
        Assert.Contains("No space left on device", error.Message, StringComparison.Ordinal);
        var kept = ResultsStore.Read(store.ResultsPath);
        Assert.Equal(["m/fp32/noop/single-stream"], kept.Measurements.Select(m => m.Id));
        Assert.NotNull(kept.Measurements[0].LatencyMs); // measured before the disk filled
        Assert.Empty(Directory.GetFiles(store.RunDirectory, "*.tmp*"));
        Assert.Equal(2, observer.Warnings.Count);
    }

    [Fact]
    public async Task A_disk_freed_later_catches_up_on_every_measurement()
    {
        using var disk = SmallDisk.TryMount(1024);
        if (disk is null)
        {
            return;
        }

        var observer = new DiskActions(disk, fillAfter: 0, freeAfter: 1);
        var (run, store) = await Prepare(observer, disk.Path);

        var results = await run();

        Assert.Single(observer.Warnings);
        Assert.Equal(3, ResultsStore.Read(store.ResultsPath).Measurements.Count);
        Assert.Equal(results.Measurements.Select(m => m.Id), ResultsStore.Read(store.ResultsPath).Measurements.Select(m => m.Id));
        var journal = File.ReadAllText(store.JournalPath);
        Assert.Contains("m/fp32/noop/single-stream", journal, StringComparison.Ordinal);
        Assert.Contains("m/fp32/noop/offline-b4", journal, StringComparison.Ordinal);
    }
}
