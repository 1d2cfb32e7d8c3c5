using Harness.Results;
using Harness.Tests.Execute;

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
        Assert.Equal($"error: {path}:5:5: unknown key 'inputz' in models[0] (did you mean 'inputs'?); expected one of: name, path, asset, inputs, dims, test_data, loads, accuracy, variants", error.Trim());
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

        var (exit, output, error) = CliHarness.Invoke("run", path, "--results", results);

        Assert.True(exit == 0, error + output);
        Assert.Contains("[1/1] cls/fp32/cpu/single-stream ok", output, StringComparison.Ordinal);
        Assert.Contains("samples/s", output, StringComparison.Ordinal);
        var written = ResultsStore.Read(Path.Combine(results, "latest", ResultsStore.ResultsFileName));
        Assert.Equal("cli-smoke", written.Scenario.Name);
        Assert.Equal(64, written.Scenario.Sha256.Length);
        Assert.Equal("1.30.0", written.Environment.OnnxRuntime);
        Assert.Contains("CPUExecutionProvider", written.Environment.Providers);
    }
}
