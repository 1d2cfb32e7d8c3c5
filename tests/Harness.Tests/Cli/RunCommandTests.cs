using Harness.Reports;
using Harness.Reports.Writers;
using Harness.Results;
using Harness.Tests.Execute;
using Harness.Tests.Reports;

namespace Harness.Tests.Cli;

[Collection(WorkerProcessCollection.Name)]
public sealed class RunCommandTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("cli-run");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Should_Print_One_Located_Line_For_A_Malformed_Scenario()
    {
        var path = Path.Combine(folder, "bad.yaml");
        File.WriteAllText(path, $"version: 1\nmodels:\n  - name: cls\n    path: {TestAssets.Classifier}\n    inputz: []\n");

        var (exit, _, error) = CliHarness.Invoke("run", path, "--results", Path.Combine(folder, "results"));

        Assert.Equal(2, exit);
        Assert.Equal($"error: {path}:5:5: unknown key 'inputz' in models[0] (did you mean 'inputs'?); expected one of: name, path, asset, train, inputs, dims, test_data, loads, accuracy, variants, fidelity", error.Trim());
        Assert.False(Directory.Exists(Path.Combine(folder, "results")), "nothing is written for a scenario that cannot run");
    }

    [Fact]
    public void Should_Run_A_Scenario_Print_A_Summary_And_Write_Latest()
    {
        var path = Path.Combine(folder, "ok.yaml");
        File.WriteAllText(path, $$"""
            version: 1
            name: cli-smoke
            models:
              - name: cls
                path: {{TestAssets.Classifier}}
                dims: { p2o.DynamicDimension.1: 48, p2o.DynamicDimension.2: 192 }
            targets:
              - name: cpu
                threads: 1
            run:
              warmup: 1
              min_duration: 100ms
              min_queries: 64
              stability_tolerance: 1000%
            """);
        var results = Path.Combine(folder, "results");
        var history = Path.Combine(folder, "history.db");

        var (exit, output, error) = CliHarness.Invoke("run", path, "--results", results, "--history", history);

        Assert.True(exit == 0, error + output);
        Assert.Contains(output.Split('\n'), line => line.StartsWith("[1/1] cls/fp32/cpu/single-stream ok  p50 ", StringComparison.Ordinal));
        using (var runHistory = Harness.Results.History.RunHistory.Open(history))
        {
            var recorded = Assert.Single(runHistory.Trend("cls/fp32/cpu/single-stream", "p50", 10));
            Assert.True(File.Exists(recorded.SamplesPath), "the history points at the run's per-request latencies");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var written = ResultsStore.Read(Path.Combine(results, "latest", ResultsStore.ResultsFileName));
        Assert.Contains(ReportOf(written), output, StringComparison.Ordinal);
        Assert.Equal("cli-smoke", written.Scenario.Name);
        Assert.Equal(64, written.Scenario.Sha256.Length);
        Assert.Equal("1.30.0", written.Environment.OnnxRuntime);
        Assert.Contains("CPUExecutionProvider", written.Environment.Providers);
        foreach (var file in ReportWriters.Files)
        {
            Assert.Contains($"{file.Format}: {Path.Combine(results, written.RunId, file.FileName!)}", output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(results, "latest", file.FileName!)), $"the run wrote {file.FileName}");
        }
    }

    [Fact]
    public void Should_Compare_Variants_With_Fp32_In_The_Closing_Table()
    {
        var path = Path.Combine(folder, "variants.yaml");
        File.WriteAllText(path, $$"""
            version: 1
            name: cli-variants
            models:
              - name: cls
                path: {{TestAssets.Classifier}}
                dims: { p2o.DynamicDimension.1: 48, p2o.DynamicDimension.2: 192 }
                variants:
                  - name: int8-static
                    kind: int8-static
                    calibration: { dataset: ocr-directions, samples: 8, method: mse }
                  - fp16
                accuracy:
                  dataset: ocr-directions
                  samples: 40
                  batch_size: 8
                  resamples: 200
            targets:
              - name: cpu
                threads: 1
            run:
              warmup: 1
              min_duration: 100ms
              min_queries: 64
              stability_tolerance: 1000%
            """);
        var results = Path.Combine(folder, "results");

        var (exit, output, error) = CliHarness.Invoke("run", path, "--results", results);

        Assert.True(exit == 0, error + output);
        var written = ResultsStore.Read(Path.Combine(results, "latest", ResultsStore.ResultsFileName));
        Assert.Contains(ReportOf(written), output, StringComparison.Ordinal);
        var comparison = Assert.Single(RunReport.From(written).Variants);
        Assert.Equal(["fp32", "int8-static", "fp16"], comparison.Rows.Select(r => r.Variant));
        Assert.All(comparison.Rows.Skip(1), row =>
        {
            Assert.True(row.Made!.SizeBytes < row.Made.SourceSizeBytes, $"{row.Variant} is smaller than the source");
            Assert.NotNull(row.SpeedUp);
            Assert.NotNull(row.Drop);
            Assert.NotNull(row.Fidelity);
        });
    }

    /// <summary>The closing tables as the console writer renders the results file the run wrote: what the run must have printed.</summary>
    private static string ReportOf(RunResults written)
    {
        var (console, tables) = ExpectedText.PlainConsole();
        new ConsoleReportWriter().Write(RunReport.From(written), new ReportDestination(console, "unused"));
        return tables.ToString();
    }
}
