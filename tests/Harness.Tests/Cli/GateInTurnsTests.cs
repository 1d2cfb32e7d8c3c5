using Harness.Results;
using Harness.Tests.Execute;

namespace Harness.Tests.Cli;

/// <summary>
/// <c>harness gate --in-turns</c> with real workers: the baseline's scenario and the current run's
/// measured in turns in one worker, judged, and kept as two runs a plain gate reads again.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class GateInTurnsTests : IDisposable
{
    private const string Id = "cls/fp32/cpu/single-stream";
    private readonly string folder = TestAssets.NewScratchDirectory("cli-gate-turns");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The classifier fed images <paramref name="width"/> columns wide: its work grows with the width.</summary>
    private string Scenario(string file, int width, string name = "turns")
    {
        var path = Path.Combine(folder, file + ".yaml");
        File.WriteAllText(path, $$"""
            version: 1
            name: {{name}}
            models:
              - name: cls
                path: {{TestAssets.Classifier}}
                dims: { p2o.DynamicDimension.1: 48, p2o.DynamicDimension.2: {{width}} }
            targets:
              - name: cpu
                threads: 1
            run:
              warmup: 5
              min_duration: 1s                # ten turns a side
              min_queries: 200
              stability_tolerance: 1000%
            """);
        return path;
    }

    private string Run(string scenario)
    {
        var results = Path.Combine(folder, Path.GetFileNameWithoutExtension(scenario));
        var (exit, output, error) = CliHarness.Invoke("run", scenario, "--results", results, "--no-history");
        Assert.True(exit == 0, output + error);
        return Path.Combine(results, "latest");
    }

    [Fact]
    public void Four_times_the_work_is_a_regression_measured_in_turns_and_both_sides_are_kept_as_runs()
    {
        var baseline = Scenario("base", 96);
        var current = Run(Scenario("head", 384));

        var (exit, output, error) = CliHarness.Invoke("gate", "--in-turns", baseline, "--current", current);

        Assert.True(exit == 1, output + error);
        Assert.Contains($"measuring {Id} in turns with the baseline's (1 of 1)", output, StringComparison.Ordinal);
        Assert.Contains($"{Id}: regression (in turns)", output, StringComparison.Ordinal);
        var baselineRun = Path.Combine(current, "turns", "baseline", "latest");
        var currentRun = Path.Combine(current, "turns", "current", "latest");
        var measured = ResultsStore.Read(Path.Combine(currentRun, ResultsStore.ResultsFileName)).Measurements.Single();
        var before = ResultsStore.Read(Path.Combine(baselineRun, ResultsStore.ResultsFileName)).Measurements.Single();
        Assert.True(measured.LatencyMs!.P50 > 2 * before.LatencyMs!.P50, $"p50 {before.LatencyMs.P50} ms → {measured.LatencyMs.P50} ms");
        Assert.Equal(before.MachineSpeed, measured.MachineSpeed);

        // The kept runs are ordinary runs: a plain gate reads them and agrees.
        var again = CliHarness.Invoke("gate", "--baseline", baselineRun, "--current", currentRun);
        Assert.True(again.ExitCode == 1, again.Output + again.Error);
    }

    [Fact]
    public void The_same_scenario_measured_in_turns_with_itself_passes()
    {
        var scenario = Scenario("same", 96);
        var current = Run(scenario);
        var loose = Path.Combine(folder, "gate.yaml");
        File.WriteAllText(loose, "version: 1\np50: { warn: 20%, fail: 30% }\np99: { warn: 50%, fail: 100% }\n");

        var (exit, output, error) = CliHarness.Invoke("gate", "--in-turns", scenario, "--current", current, "--config", loose);

        Assert.True(exit == 0, output + error);
        Assert.Contains($"{Id}: pass (in turns)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_foreign_baseline_scenario_or_a_second_baseline_is_an_input_error()
    {
        var current = Run(Scenario("head", 96));
        var missing = Path.Combine(folder, "nowhere.yaml");
        var foreign = Scenario("foreign", 96, name: "other");

        var (missingExit, _, missingError) = CliHarness.Invoke("gate", "--in-turns", missing, "--current", current);
        var (foreignExit, _, foreignError) = CliHarness.Invoke("gate", "--in-turns", foreign, "--current", current);
        var (bothExit, _, bothError) = CliHarness.Invoke("gate", "--in-turns", foreign, "--baseline", current, "--current", current);

        Assert.Equal(2, missingExit);
        Assert.Equal($"error: --in-turns: the baseline's scenario {missing} does not exist", missingError.Trim());
        Assert.Equal(2, foreignExit);
        Assert.Equal($"error: {foreign} is scenario 'other' and the current run's is 'turns'; a gate compares runs of the same scenario", foreignError.Trim());
        Assert.Equal(2, bothExit);
        Assert.Contains("--in-turns measures its own baseline from the scenario it names", bothError, StringComparison.Ordinal);
    }
}
