using System.Text.Json;
using Harness.Execute;
using Harness.Results;
using Harness.Tests.Execute;

namespace Harness.Tests.Cli;

/// <summary>
/// 'harness run --resume RUN' on a run left as a dead node or a stop leaves it: what was measured is
/// kept as it was, what was lost, stopped or never started is measured, and a run is resumed only
/// with the scenario it started from.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class RunResumeTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("resume");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Scenario(string minDuration = "50ms")
    {
        var path = Path.Combine(folder, "noop.yaml");
        File.WriteAllText(path, $"""
            version: 1
            name: resume
            models:
              - name: cls
                path: {TestAssets.Classifier}
                inputs:
                  - name: x
                    shape: [batch, 3, 48, 192]
            targets:
              - name: noop
                device: noop
            loads:
              - single-stream
              - type: offline
                batch_sizes: [2, 4, 8]
            run:
              warmup: 1
              min_duration: {minDuration}
              min_queries: 64
              stability_tolerance: 1000%
            """);
        return path;
    }

    [Fact]
    public void Should_Keep_What_Was_Measured_And_Measure_Only_What_Was_Lost_Stopped_Or_Never_Started()
    {
        var scenario = Scenario();
        var results = Path.Combine(folder, "results");
        Assert.Equal(0, CliHarness.Invoke("run", scenario, "--results", results).ExitCode);
        var run = Path.Combine(results, "latest");
        var whole = ResultsStore.Read(Path.Combine(run, ResultsStore.ResultsFileName));
        var ids = whole.Measurements.Select(m => m.Id).ToList();

        // As a run stopped on its second job and whose node then died would leave it: the first job
        // kept, the second interrupted, the third never started, the fourth's result in the journal only.
        var store = ResultsStore.Open(run);
        var fourth = whole.Measurements[3];
        File.Delete(store.JournalPath);
        Assert.True(store.Journal(fourth));
        store.Write(whole with
        {
            FinishedAt = null,
            Measurements =
            [
                whole.Measurements[0],
                whole.Measurements[1] with { Status = MeasurementStatus.Interrupted, LatencyMs = null },
                whole.Measurements[2] with { Status = MeasurementStatus.Skipped, Error = RunOrchestrator.NotStartedReason, LatencyMs = null },
            ],
        });

        var (exit, output, error) = CliHarness.Invoke("run", "--resume", run);

        Assert.True(exit == 0, error + output);
        Assert.Contains($"resuming {whole.RunId}: 2 of 4 jobs kept", output, StringComparison.Ordinal);
        var resumed = ResultsStore.Read(Path.Combine(run, ResultsStore.ResultsFileName));
        Assert.Equal(ids, resumed.Measurements.Select(m => m.Id));
        Assert.All(resumed.Measurements, m => Assert.Equal(MeasurementStatus.Ok, m.Status));
        Assert.NotNull(resumed.FinishedAt);
        Assert.Equal(Json(whole.Measurements[0]), Json(resumed.Measurements[0]));
        Assert.Equal(Json(fourth), Json(resumed.Measurements[3]));
        Assert.NotEqual(Json(whole.Measurements[1]), Json(resumed.Measurements[1]));
        Assert.Contains($"[2/4] {ids[1]} ok", output, StringComparison.Ordinal);
        Assert.DoesNotContain(ids[0] + " ok", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Refuse_To_Resume_With_A_Changed_Scenario_And_Change_Nothing()
    {
        var scenario = Scenario();
        var results = Path.Combine(folder, "results");
        Assert.Equal(0, CliHarness.Invoke("run", scenario, "--results", results).ExitCode);
        var run = Path.Combine(results, "latest");
        var before = File.ReadAllText(Path.Combine(run, ResultsStore.ResultsFileName));
        Scenario(minDuration: "60ms");

        var (exit, _, error) = CliHarness.Invoke("run", "--resume", run);

        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {scenario} has changed since run ", error, StringComparison.Ordinal);
        Assert.EndsWith("resume it with the file it ran, or start a new run", error.Trim(), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(run, ResultsStore.ResultsFileName)));
    }

    private static string Json(MeasurementResult m) => JsonSerializer.Serialize(m, ResultsJson.Compact);
}
