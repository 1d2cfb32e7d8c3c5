using Harness.Results;
using Harness.Results.History;
using Harness.Tests.Reports;
using Harness.Tests.Reports.Gate;

namespace Harness.Tests.Cli;

public sealed class GateCommandTests : IDisposable
{
    private const string Id = "cls/fp32/cpu/single-stream";
    private readonly string folder = TestAssets.NewScratchDirectory("cli-gate");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Should_Pass_Two_Runs_From_The_Same_Distribution_With_Exit_Code_0()
    {
        var baseline = Run("base", GateRuns.LogNormal(1, 0.8));
        var current = Run("now", GateRuns.LogNormal(2, 0.8));

        var (exit, output, error) = Gate("--baseline", baseline, "--current", current);

        Assert.True(exit == 0, output + error);
        Assert.EndsWith("verdict: pass (1 pass; exit code 0)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Call_A_Twenty_Percent_Slowdown_A_Regression_With_Exit_Code_1_And_Write_JUnit_And_Markdown()
    {
        var baseline = Run("base", GateRuns.LogNormal(1, 0.8));
        var current = Run("now", GateRuns.LogNormal(2, 0.96));
        var junit = Path.Combine(folder, "gate.xml");
        var markdown = Path.Combine(folder, "summary.md");

        var (exit, output, error) = Gate("--baseline", baseline, "--current", current, "--junit", junit, "--markdown", markdown);

        Assert.True(exit == 1, output + error);
        var text = output.Replace(folder, "DIR", StringComparison.Ordinal);
        ExpectedText.Matches("gate-regression", text);
        ExpectedText.Matches("gate-regression.md", File.ReadAllText(markdown).Replace(folder, "DIR", StringComparison.Ordinal));
        ExpectedText.Matches("gate-regression.xml", File.ReadAllText(junit));
    }

    [Fact]
    public void Should_Be_Inconclusive_With_Exit_Code_3_For_An_Invalid_Run_Or_Another_Machine()
    {
        var baseline = Run("base", GateRuns.LogNormal(1, 0.8));
        var invalid = Run("invalid", GateRuns.LogNormal(2, 0.8), valid: false);
        var elsewhere = Run("elsewhere", GateRuns.LogNormal(3, 0.8), environment: GateRuns.ThisMachine with { Cpu = "Other CPU" });

        var (invalidExit, invalidOutput, _) = Gate("--baseline", baseline, "--current", invalid);
        var (elsewhereExit, elsewhereOutput, _) = Gate("--baseline", baseline, "--current", elsewhere);

        Assert.Equal(3, invalidExit);
        Assert.Contains("the current run's measurement is not valid: unstable:", invalidOutput, StringComparison.Ordinal);
        Assert.Equal(3, elsewhereExit);
        Assert.Contains("base: fingerprint mismatch: measured on Test CPU, 2 cores, ONNX Runtime 1.30.0 (CPUExecutionProvider), the current run on Other CPU", elsewhereOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Be_Inconclusive_With_Too_Few_Samples()
    {
        var (exit, output, _) = Gate("--baseline", Run("base", GateRuns.LogNormal(1, 0.8, n: 50)), "--current", Run("now", GateRuns.LogNormal(2, 0.8)));

        Assert.Equal(3, exit);
        Assert.Contains("too few samples: 50 in the baseline and 2000 now, at least 100 on each side needed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Refuse_Runs_Of_Another_Scenario_Or_Without_Their_Samples_With_Exit_Code_2()
    {
        var baseline = Run("base", GateRuns.LogNormal(1, 0.8));
        var other = Run("other", GateRuns.LogNormal(2, 0.8), scenario: "quickstart");
        var stripped = Run("stripped", GateRuns.LogNormal(3, 0.8));
        Directory.Delete(Path.Combine(Path.GetDirectoryName(stripped)!, "samples"), recursive: true);

        var (otherExit, _, otherError) = Gate("--baseline", baseline, "--current", other);
        var (strippedExit, _, strippedError) = Gate("--baseline", baseline, "--current", stripped);
        var (missingExit, _, missingError) = Gate("--baseline", Path.Combine(folder, "nowhere"), "--current", baseline);

        Assert.Equal(2, otherExit);
        Assert.Equal($"error: {baseline} ran scenario 'ci-gate' and {other} ran 'quickstart'; a gate compares runs of the same scenario", otherError.Trim());
        Assert.Equal(2, strippedExit);
        Assert.StartsWith($"error: {stripped}: '{Id}' names samples file ", strippedError, StringComparison.Ordinal);
        Assert.Equal(2, missingExit);
        Assert.Equal($"error: baseline {Path.Combine(folder, "nowhere")} does not exist; give a results file, a folder of them, or 'history'", missingError.Trim());
    }

    [Fact]
    public void Should_Read_The_Gate_File_And_Report_Its_Mistakes_With_Their_Position()
    {
        var baseline = Run("base", GateRuns.LogNormal(1, 0.8));
        var current = Run("now", GateRuns.LogNormal(2, 0.96));
        var loose = Path.Combine(folder, "loose.yaml");
        File.WriteAllText(loose, "version: 1\np50: { fail: 40% }\np99: { fail: 40% }\n");
        var ignoring = Path.Combine(folder, "ignoring.yaml");
        File.WriteAllText(ignoring, "version: 1\nignore: [\"cls/*\"]\n");
        var broken = Path.Combine(folder, "broken.yaml");
        File.WriteAllText(broken, "version: 1\np50: { fail: lots }\n");

        Assert.Equal(0, Gate("--baseline", baseline, "--current", current, "--config", loose).ExitCode);
        Assert.Equal(0, Gate("--baseline", baseline, "--current", current, "--config", ignoring).ExitCode);
        var (exit, _, error) = Gate("--baseline", baseline, "--current", current, "--config", broken);
        Assert.Equal(2, exit);
        Assert.Equal($"error: {broken}:2:14: 'fail' in 'p50' in the gate file is 'lots'; expected a fraction such as 5% or 0.05", error.Trim());
    }

    [Fact]
    public void Should_Pool_A_Folder_Of_Baselines_And_The_Last_Runs_Of_The_History()
    {
        var historyPath = Path.Combine(folder, "history.db");
        var baselines = Path.Combine(folder, "baselines");
        using (var history = RunHistory.Open(historyPath))
        {
            for (var i = 0; i < 3; i++)
            {
                var path = GateRuns.Write(Path.Combine(baselines, $"run{i}"), $"run{i}", new Dictionary<string, double[]> { [Id] = GateRuns.LogNormal(10 + i, 0.8) }, startedAt: new DateTimeOffset(2026, 11, 28, 6, i, 0, TimeSpan.Zero));
                history.Append(ResultsStore.Read(path), path);
            }
        }

        var slower = Run("now", GateRuns.LogNormal(2, 0.96));

        var (folderExit, folderOutput, _) = Gate("--baseline", baselines, "--current", slower);
        var (historyExit, historyOutput, historyError) = Gate("--baseline", "history", "--history", historyPath, "--current", slower);

        Assert.Equal(1, folderExit);
        Assert.Contains("samples 6000 (3 runs) / 2000", folderOutput, StringComparison.Ordinal);
        Assert.True(historyExit == 1, historyOutput + historyError);
        Assert.Contains("against history: the last 3 runs on this fingerprint", historyOutput, StringComparison.Ordinal);
    }

    private string Run(string name, double[] latencies, string scenario = "ci-gate", EnvironmentInfo? environment = null, bool valid = true) =>
        GateRuns.Write(Path.Combine(folder, name), name, new Dictionary<string, double[]> { [Id] = latencies }, scenario, environment, valid);

    private static (int ExitCode, string Output, string Error) Gate(params string[] args) => CliHarness.InvokeCaptured(["gate", .. args]);
}
