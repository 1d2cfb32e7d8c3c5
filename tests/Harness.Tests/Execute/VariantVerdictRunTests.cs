using System.Globalization;
using Harness.Execute;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Plan;
using Harness.Reports;
using Harness.Reports.Writers;
using Harness.Results;
using Harness.Tests.Reports;
using Harness.Tests.Results;

namespace Harness.Tests.Execute;

/// <summary>
/// Real runs of variants of a small model the tests build, through workers and ONNX Runtime, to
/// the report's verdict: every variant is compared with the reference without a dataset, a
/// <c>fidelity:</c> bound rejects one whose outputs strayed, and one that could not be prepared
/// says so instead of looking kept.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class VariantVerdictRunTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("variant-verdict");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>x [1, 16] → MatMul(W [16, 8]) → y [1, 8]: weights int8 cannot hold exactly, so the variant's outputs differ a little.</summary>
    private string Model()
    {
        var random = new Random(11);
        var weights = Enumerable.Range(0, 16 * 8).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var path = Path.Combine(folder, "matmul.onnx");
        new GraphBuilder("matmul")
            .Input("x", TensorElementType.Float, 1, 16)
            .Initializer("W", weights, 16, 8)
            .Node("MatMul", ["x", "W"], ["y"])
            .Output("y", TensorElementType.Float, 1, 8)
            .Build()
            .Save(path);
        return path;
    }

    private async Task<RunResults> Run(string modelExtras)
    {
        var path = Path.Combine(folder, "scenario.yaml");
        await File.WriteAllTextAsync(path, $"""
            version: 1
            name: variant-verdict
            models:
              - name: mm
                path: {Model()}
                variants: [int8-dynamic]
            {modelExtras}
            targets:
              - name: cpu-1t
                threads: 1
            loads:
              - single-stream
            run:
              min_duration: 100ms
              min_queries: 64
              warmup: 2
              stability_tolerance: 1000%
            """);
        var scenario = ScenarioParser.ParseFile(path);
        var store = ResultsStore.Create(Path.Combine(folder, "results"), ResultsStore.NewRunId(scenario.Name, DateTimeOffset.UtcNow));
        var environment = EnvironmentProbe.Capture("test", ["CPUExecutionProvider"]);
        return await new RunOrchestrator(new SilentObserver(), TimeProvider.System).RunAsync(scenario, JobPlanner.Plan(scenario), store, environment, CancellationToken.None);
    }

    private sealed class SilentObserver : IRunObserver
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

    private static string VariantTable(RunResults results)
    {
        var (console, output) = ExpectedText.PlainConsole(400);
        new ConsoleReportWriter().Write(RunReport.From(results), new ReportDestination(console, "unused"));
        var text = output.ToString();
        return text[text.IndexOf("variants against", StringComparison.Ordinal)..];
    }

    [Fact]
    public async Task Should_Compare_Every_Variant_With_The_Reference_Without_A_Dataset()
    {
        var results = await Run(string.Empty);

        var fidelity = Assert.Single(results.Measurements, m => m.Id == "mm/int8-dynamic/cpu-1t/fidelity");
        Assert.Equal(MeasurementStatus.Ok, fidelity.Status);
        Assert.DoesNotContain(results.Measurements, m => m.Id.StartsWith("mm/fp32/", StringComparison.Ordinal) && m.Id.EndsWith("/fidelity", StringComparison.Ordinal));
        var y = Assert.Single(fidelity.Fidelity!);
        Assert.Equal(("fp32", "y", 100L, 8), (y.Reference, y.Output, y.Rows, y.RowLength));
        Assert.InRange(y.MeanCosine, 0.99, 1.0);
        Assert.True(y.MaxAbsError > 0, "int8 weights cannot reproduce random float weights exactly");
        Assert.True(y.MaxRelError > 0 && y.MeanRelError > 0 && y.MeanAbsError > 0);
        Assert.True(y.MaxRelError >= y.MeanRelError && y.MaxAbsError >= y.MeanAbsError);
        Assert.Null(y.RejectedReason);

        var row = RunReport.From(results).Variants[0].Rows.Single(r => r.Variant == "int8-dynamic");
        Assert.Same(y, row.Fidelity);
        Assert.Null(row.Verdict.RejectedForFidelity);
        var line = VariantTable(results).Split('\n').Single(l => l.StartsWith('│') && l.Contains("int8-dynamic", StringComparison.Ordinal));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"agree {y.ArgmaxAgreement * 100:0.0}% cos {y.MeanCosine:0.000} max rel {y.MaxRelError * 100:0.0}%"), line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Compare_On_The_Test_Data_Sets_When_The_Model_Has_Them()
    {
        var data = Path.Combine(folder, "mm-data");
        var random = new Random(3);
        var sets = Enumerable.Range(0, 3)
            .Select(i => new TestDataSet($"test_data_set_{i}", [TensorValue.Create("x", Enumerable.Range(0, 16).Select(_ => (float)random.NextDouble()).ToArray(), 1, 16)], []))
            .ToList();
        TestDataDirectory.Write(data, OnnxModel.Load(Model()), sets);

        var results = await Run($"    test_data: {data}");

        var y = Assert.Single(Assert.Single(results.Measurements, m => m.Load.Scenario == "fidelity").Fidelity!);
        Assert.Equal(3, y.Rows);
    }

    [Fact]
    public async Task Should_Reject_A_Variant_Whose_Outputs_Break_The_Fidelity_Bound()
    {
        var results = await Run("    fidelity: { max_rel_error: 0.0001%, samples: 20 }");

        var y = Assert.Single(Assert.Single(results.Measurements, m => m.Load.Scenario == "fidelity").Fidelity!);
        Assert.Equal(20, y.Rows);
        Assert.StartsWith("output 'y' is up to ", y.RejectedReason, StringComparison.Ordinal);
        Assert.EndsWith("% off fp32; the bound is 0.0001%", y.RejectedReason, StringComparison.Ordinal);

        var row = RunReport.From(results).Variants[0].Rows.Single(r => r.Variant == "int8-dynamic");
        Assert.Equal(y.RejectedReason, row.Verdict.RejectedForFidelity);
        Assert.False(row.Verdict.Kept);
        Assert.Contains("rejected: output 'y' is up to", VariantTable(results), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Show_A_Variant_That_Could_Not_Be_Prepared_As_Failed_With_The_Reason()
    {
        using var disk = SmallDisk.TryMount(64, readOnly: true);
        if (disk is null)
        {
            return; // needs root to mount a tmpfs; the project's machines and CI run as root
        }

        var home = Environment.GetEnvironmentVariable("HARNESS_HOME");
        Environment.SetEnvironmentVariable("HARNESS_HOME", disk.Path);
        RunResults results;
        try
        {
            results = await Run(string.Empty);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HARNESS_HOME", home);
        }

        Assert.All(results.Measurements.Where(m => m.Variant == "int8-dynamic"), m => Assert.Equal(MeasurementStatus.Failed, m.Status));
        var row = RunReport.From(results).Variants[0].Rows.Single(r => r.Variant == "int8-dynamic");
        Assert.Contains("Read-only file system", row.Verdict.Failure, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(disk.Path, "variants"), row.Verdict.Failure, StringComparison.Ordinal);
        Assert.False(row.Verdict.Kept);

        var line = VariantTable(results).Split('\n').Single(l => l.StartsWith('│') && l.Contains("int8-dynamic", StringComparison.Ordinal));
        Assert.Contains("failed: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("as given", line, StringComparison.Ordinal);
        Assert.DoesNotContain("kept", line, StringComparison.Ordinal);
    }
}
