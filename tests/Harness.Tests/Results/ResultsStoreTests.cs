using Harness.Results;

namespace Harness.Tests.Results;

public sealed class ResultsStoreTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("store");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static RunResults Results(string runId, int measurements) => new(
        RunResults.SchemaV1,
        runId,
        new ScenarioInfo("s", "s.yaml", "abc"),
        EnvironmentProbe.Harness(),
        EnvironmentProbe.Capture("test", []),
        DateTimeOffset.UnixEpoch,
        null,
        Enumerable.Range(0, measurements).Select(i => new MeasurementResult(
            $"m/fp32/cpu/load-{i}", "m", "fp32", "cpu", new LoadInfo("single-stream", 1, 1), MeasurementStatus.Skipped, "not run",
            null, null, null, null, ValidityInfo.NotMeasured("not run"), null)).ToList());

    [Fact]
    public void Runs_started_with_the_same_id_get_folders_of_their_own()
    {
        var root = Path.Combine(folder, "results");
        var ids = Enumerable.Range(0, 8).AsParallel().Select(_ => ResultsStore.Create(root, "20261128-030000-quickstart").RunId).ToList();

        Assert.Equal(8, ids.Distinct().Count());
        Assert.Contains("20261128-030000-quickstart", ids);
        Assert.Contains("20261128-030000-quickstart-8", ids);
        Assert.All(ids, id => Assert.True(Directory.Exists(Path.Combine(root, id, "samples"))));
    }

    [Fact]
    public void A_results_root_that_is_a_file_is_refused_clearly()
    {
        var file = Path.Combine(folder, "not-a-folder");
        File.WriteAllText(file, "x");

        var error = Assert.ThrowsAny<IOException>(() => ResultsStore.Create(file, "run"));

        Assert.Contains("is a file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_disk_keeps_the_previous_complete_results_file_and_no_temporary()
    {
        using var disk = SmallDisk.TryMount(256);
        if (disk is null)
        {
            return; // needs root to mount a tmpfs; the project's machines and CI run as root
        }

        var store = ResultsStore.Create(disk.Path, "run");
        store.Write(Results("run", 1));
        disk.Fill();

        var error = Assert.Throws<ResultsNotWrittenException>(() => store.Write(Results("run", 200)));

        Assert.Contains("previous complete file was kept", error.Message, StringComparison.Ordinal);
        Assert.Contains("No space left on device", error.Message, StringComparison.Ordinal);
        Assert.Single(ResultsStore.Read(store.ResultsPath).Measurements);
        Assert.Empty(Directory.GetFiles(store.RunDirectory, "*.tmp*"));
        disk.Free();
        store.Write(Results("run", 200));
        Assert.Equal(200, ResultsStore.Read(store.ResultsPath).Measurements.Count);
    }
}
