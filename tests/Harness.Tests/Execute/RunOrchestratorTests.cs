using Harness.Execute;
using Harness.Plan;
using Harness.Results;

namespace Harness.Tests.Execute;

[Collection(WorkerProcessCollection.Name)]
public sealed class RunOrchestratorTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("run");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private sealed class RecordingObserver : IRunObserver
    {
        public List<string> Events { get; } = [];

        public void JobStarted(MeasurementJob job, int index, int count) => Events.Add($"start {index + 1}/{count} {job.Id}");

        public void JobPhase(MeasurementJob job, string phase) => Events.Add($"phase {phase}");

        public void JobFinished(MeasurementResult result, int index, int count) => Events.Add($"done {result.Id} {result.Status}");
    }

    private async Task<(RunResults Results, ResultsStore Store, RecordingObserver Observer)> Run(string yaml, bool checkModels = true)
    {
        var path = Path.Combine(folder, "scenario.yaml");
        await File.WriteAllTextAsync(path, yaml);
        var scenario = checkModels ? ScenarioParser.ParseFile(path) : ScenarioParser.Parse(yaml, path);
        var store = ResultsStore.Create(Path.Combine(folder, "results"), ResultsStore.NewRunId(scenario.Name, DateTimeOffset.UtcNow));
        var observer = new RecordingObserver();
        var environment = EnvironmentProbe.Capture("test", ["CPUExecutionProvider"]);
        var results = await new RunOrchestrator(observer, TimeProvider.System).RunAsync(scenario, JobPlanner.Plan(scenario), store, environment, CancellationToken.None);
        return (results, store, observer);
    }

    private static string Scenario(string models, string run = "min_duration: 200ms\n  min_queries: 64\n  warmup: 2\n  stability_tolerance: 1000%") => $"""
        version: 1
        name: orchestrator-test
        models:
        {models}
        targets:
          - name: cpu-1t
            threads: 1
        loads:
          - single-stream
          - type: offline
            batch_sizes: [2]
        run:
          {run}
        """;

    private static string Classifier => $"  - name: cls\n    path: {TestAssets.Classifier}\n    inputs:\n      - name: x\n        shape: [batch, 3, 48, 192]";

    [Fact]
    public async Task Should_Measure_Real_Models_In_Workers_And_Write_The_Results_Contract()
    {
        var (results, store, observer) = await Run(Scenario(Classifier));

        Assert.Equal(RunResults.SchemaV1, results.Schema);
        Assert.NotNull(results.FinishedAt);
        Assert.Equal(["cls/fp32/cpu-1t/single-stream", "cls/fp32/cpu-1t/offline-b2"], results.Measurements.Select(m => m.Id));
        foreach (var m in results.Measurements)
        {
            Assert.Equal(MeasurementStatus.Ok, m.Status);
            Assert.True(m.Validity.Valid);
            var latency = m.LatencyMs!;
            Assert.True(latency.Count >= 64);
            Assert.True(latency.Min > 0 && latency.Min <= latency.P50 && latency.P50 <= latency.P90 && latency.P90 <= latency.P99 && latency.P99 <= latency.Max);
            Assert.Equal(m.Throughput!.QueriesPerSec * m.Load.BatchSize, m.Throughput.SamplesPerSec, 6);
            Assert.True(m.ColdStartMs!.SessionCreate > 0 && m.ColdStartMs.FirstInference > 0);
            Assert.True(m.Memory!.PeakRssBytes > 20 << 20, "a worker running ONNX Runtime uses more than 20 MiB");
            var samples = File.ReadAllLines(Path.Combine(store.RunDirectory, m.SamplesFile!));
            Assert.Equal("latency_ms,queue_ms", samples[0]);
            Assert.Equal(latency.Count, samples.Length - 1);
        }

        Assert.Equal(2, results.Measurements[1].Load.BatchSize);
        Assert.Contains("phase measuring", observer.Events);
        Assert.Equal(store.RunId, new FileInfo(Path.Combine(store.Root, ResultsStore.LatestLinkName)).LinkTarget);

        var reread = ResultsStore.Read(store.ResultsPath);
        Assert.Equal(results.Measurements.Select(m => m.LatencyMs), reread.Measurements.Select(m => m.LatencyMs));
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(store.ResultsPath));
        var first = json.RootElement.GetProperty("measurements")[0];
        foreach (var field in new[] { "id", "model", "variant", "target", "load", "status", "error", "latencyMs", "throughput", "coldStartMs", "memory", "validity", "samplesFile" })
        {
            Assert.True(first.TryGetProperty(field, out _), $"results.json lacks measurements[0].{field}");
        }

        Assert.Equal("single-stream", first.GetProperty("load").GetProperty("scenario").GetString());
        Assert.True(first.GetProperty("latencyMs").TryGetProperty("p999", out _));
    }

    [Fact]
    public async Task Should_Fail_Only_The_Job_Whose_Worker_Crashes()
    {
        Environment.SetEnvironmentVariable(WorkerHost.FaultVariable, "crash");
        try
        {
            var (results, _, _) = await Run(Scenario(Classifier));
            Assert.All(results.Measurements, m =>
            {
                Assert.Equal(MeasurementStatus.Failed, m.Status);
                Assert.Contains("crashed", m.Error, StringComparison.Ordinal);
                // The cause, from the first line of stderr, not only the stack frames at its end.
                Assert.Contains("first error: Process terminated. harness worker: crash injected by " + WorkerHost.FaultVariable, m.Error, StringComparison.Ordinal);
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable(WorkerHost.FaultVariable, null);
        }
    }

    [Fact]
    public async Task Should_Record_An_Unexpected_Exception_As_Its_Type_First_Line_And_Cause()
    {
        Environment.SetEnvironmentVariable(WorkerHost.FaultVariable, "throw");
        try
        {
            var (results, _, _) = await Run(Scenario(Classifier));
            Assert.All(results.Measurements, m =>
            {
                Assert.Equal(MeasurementStatus.Failed, m.Status);
                Assert.StartsWith(
                    "the worker failed: InvalidOperationException: fault injected by " + WorkerHost.FaultVariable + "; cause: IOException: Read-only file system : '/injected/variants' (at Harness.Execute.WorkerHost.InjectFault",
                    m.Error,
                    StringComparison.Ordinal);
                Assert.DoesNotContain("second line", m.Error, StringComparison.Ordinal);
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable(WorkerHost.FaultVariable, null);
        }
    }

    [Fact]
    public async Task Should_Kill_A_Job_Past_Its_Timeout_And_Go_On()
    {
        // A million queries of a 1 ms model cannot finish in 1.5 s; the timeout itself stays above min_duration, as the plan requires.
        var (results, _, _) = await Run(Scenario(Classifier, "min_duration: 1s\n  min_queries: 1000000\n  max_duration: 60s\n  timeout: 1500ms"));
        Assert.All(results.Measurements, m =>
        {
            Assert.Equal(MeasurementStatus.Failed, m.Status);
            Assert.Contains("timed out after 1.5s", m.Error, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Should_Report_Bad_Models_And_Bad_Inputs_As_Failed_Jobs()
    {
        var garbage = Path.Combine(folder, "garbage.onnx");
        await File.WriteAllTextAsync(garbage, "this is not a model");
        var truncated = Path.Combine(folder, "truncated.onnx");
        var bytes = await File.ReadAllBytesAsync(TestAssets.Classifier);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var models = $$"""
              - name: garbage
                path: {{garbage}}
              - name: truncated
                path: {{truncated}}
              - name: wrong-rank
                path: {{TestAssets.Classifier}}
                inputs:
                  - name: x
                    shape: [batch, 3, 48]
              - name: wrong-name
                path: {{TestAssets.Classifier}}
                inputs:
                  - name: image
                    shape: [batch, 3, 48, 192]
              - name: good
                path: {{TestAssets.Classifier}}
                dims: { p2o.DynamicDimension.1: 48, p2o.DynamicDimension.2: 192 }
              - name: unbound
                path: {{TestAssets.Classifier}}
            """;
        // Reading the scenario file refuses them before any job; a model that changes after that still fails only its own jobs.
        Assert.Contains("model 'garbage': ", (await Assert.ThrowsAsync<ScenarioException>(() => Run(Scenario(models)))).Problem, StringComparison.Ordinal);
        var (results, _, _) = await Run(Scenario(models), checkModels: false);
        string Error(string model) => results.Measurements.First(m => m.Model == model).Error ?? string.Empty;

        Assert.Contains("InvalidProtobuf", Error("garbage"), StringComparison.Ordinal);
        Assert.Contains("has 4 dimensions", Error("wrong-rank"), StringComparison.Ordinal);
        Assert.Contains("has no input 'image'; its inputs are: x", Error("wrong-name"), StringComparison.Ordinal);
        Assert.Equal(MeasurementStatus.Failed, results.Measurements.First(m => m.Model == "truncated").Status);
        Assert.Contains("has dynamic dimensions 2 ('p2o.DynamicDimension.1'), 3 ('p2o.DynamicDimension.2'); give the input a shape in the scenario, e.g. inputs: [{ name: x, shape: [batch, 3, N, N] }], or bind them with dims: { p2o.DynamicDimension.1: N, p2o.DynamicDimension.2: N }", Error("unbound"), StringComparison.Ordinal);
        Assert.All(results.Measurements.Where(m => m.Model == "good"), m => Assert.Equal(MeasurementStatus.Ok, m.Status));
    }

    [Fact]
    public async Task Should_Feed_Inputs_From_A_Test_Data_Folder()
    {
        var data = Path.Combine(folder, "cls-data");
        var random = new Random(5);
        var x = Enumerable.Range(0, 3 * 48 * 192).Select(_ => (float)random.NextDouble()).ToArray();
        Harness.Onnx.Model.TestDataDirectory.Write(
            data,
            Harness.Onnx.Model.OnnxModel.Load(TestAssets.Classifier),
            [new Harness.Onnx.Model.TestDataSet("test_data_set_0", [Harness.Onnx.Model.TensorValue.Create("x", x, 1, 3, 48, 192)], [])]);
        var models = $"  - name: recorded\n    path: {TestAssets.Classifier}\n    test_data: {data}";

        var (results, _, _) = await Run(Scenario(models));

        Assert.Equal(MeasurementStatus.Ok, results.Measurements[0].Status);
        Assert.Contains("batch 1; batch size 2 cannot be made from it", results.Measurements[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Evaluate_Accuracy_In_A_Worker_Outside_Any_Timed_Window()
    {
        var models = $"  - name: cls\n    path: {TestAssets.Classifier}\n    loads: []\n    accuracy:\n      dataset: ocr-directions\n      samples: 40\n      batch_size: 8\n      resamples: 200";

        var (results, _, _) = await Run(Scenario(models));

        var measurement = Assert.Single(results.Measurements);
        Assert.Equal("cls/fp32/cpu-1t/accuracy", measurement.Id);
        Assert.Equal(MeasurementStatus.Ok, measurement.Status);
        Assert.Null(measurement.LatencyMs);
        var accuracy = measurement.Accuracy!;
        Assert.Equal("ocr-directions", accuracy.Dataset);
        Assert.Equal(40, accuracy.Samples);
        Assert.Equal("top1", accuracy.Headline.Metric);
        Assert.InRange(accuracy.Headline.Value, 0.8, 1.0);
        Assert.True(accuracy.Headline.Lower <= accuracy.Headline.Value && accuracy.Headline.Value <= accuracy.Headline.Upper);
        Assert.Contains("ece", accuracy.Metrics.Keys);
        Assert.Contains(accuracy.Slices, t => t.Attribute == "font" && t.Groups.Count >= 2);
    }
}
