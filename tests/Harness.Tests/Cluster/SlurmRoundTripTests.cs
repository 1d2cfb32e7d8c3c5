using System.Diagnostics;
using Harness.Execute;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Results;
using Harness.Tests.Cli;
using Harness.Tests.Execute;

namespace Harness.Tests.Cluster;

/// <summary>
/// 'harness submit slurm' on a real single-node cluster: four shard tasks of a small suite (the
/// no-op target and a model built here), a merge job after them, and a resubmission of a lost shard.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class SlurmRoundTripTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("slurm");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Should_Run_Four_Shards_And_Merge_Them_Into_The_Runs_Measurements_With_A_Report()
    {
        Assert.True(SingleNodeSlurm.Missing() is null, $"{SingleNodeSlurm.Missing()} is missing: ./run.sh test installs slurm-wlm and munge");
        var scenario = WriteSuite();
        using var cluster = new SingleNodeSlurm(Path.Combine(folder, "cluster"));
        var results = Path.Combine(folder, "results");

        var (exit, output) = Harness(cluster, "submit", "slurm", scenario, "--shards", "4", "--results", results, "--poll", "0.5");

        Assert.True(exit == 0, output);
        var merged = ReadMerged(output);
        var whole = Path.Combine(folder, "whole");
        var (wholeExit, _, wholeError) = CliHarness.Invoke("run", scenario, "--results", whole);
        Assert.True(wholeExit == 0, wholeError);
        var unsharded = ResultsStore.Read(Path.Combine(whole, "latest", ResultsStore.ResultsFileName));
        Assert.Equal(unsharded.Measurements.Select(m => m.Id), merged.Measurements.Select(m => m.Id));
        Assert.All(merged.Measurements, m => Assert.Equal(MeasurementStatus.Ok, m.Status));
        Assert.Equal(4, merged.Merged!.Shards.Count);
        Assert.False(merged.Merged.UnlikeNodes);
        Assert.Contains(output.Split('\n'), line => line.StartsWith("report: ", StringComparison.Ordinal) && File.Exists(line["report: ".Length..].Trim()));

        // A shard lost (its node's disk, say) and the merge with it: --resume submits that shard alone.
        var submission = Directory.GetDirectories(results).Single();
        Directory.Delete(Path.Combine(submission, "shards", "2"), recursive: true);
        Directory.Delete(Path.Combine(submission, "merged"), recursive: true);

        var (again, resumed) = Harness(cluster, "submit", "slurm", "--resume", submission, "--poll", "0.5");

        Assert.True(again == 0, resumed);
        Assert.Contains("submitted shard 2 of 4 as array job", resumed, StringComparison.Ordinal);
        Assert.Equal(merged.Measurements.Select(m => m.Id), ReadMerged(resumed).Measurements.Select(m => m.Id));
    }

    [Fact]
    public void Should_Say_So_When_Sbatch_Is_Not_On_The_Path()
    {
        var scenario = WriteSuite();
        var start = HarnessStart("submit", "slurm", scenario, "--shards", "2", "--results", Path.Combine(folder, "results"));
        start.Environment["PATH"] = "/nonexistent";

        var (exit, output) = Finish(start);

        Assert.Equal(2, exit);
        Assert.Contains("error: sbatch is not on the PATH: run 'harness submit slurm' where Slurm's commands are (a login node), or add --dry-run to write the scripts only", output, StringComparison.Ordinal);
    }

    private static RunResults ReadMerged(string output)
    {
        var line = output.Split('\n').Single(l => l.StartsWith("merged run: ", StringComparison.Ordinal));
        return ResultsStore.Read(Path.Combine(line["merged run: ".Length..].Trim(), ResultsStore.ResultsFileName));
    }

    /// <summary>The no-op target and a 20-parameter model on the CPU, two loads: four jobs of about a second each.</summary>
    private string WriteSuite()
    {
        var model = Path.Combine(folder, "matmul.onnx");
        new GraphBuilder("matmul_add")
            .Input("x", TensorElementType.Float, "batch", 4)
            .Initializer("w", Enumerable.Range(0, 16).Select(i => i * 0.25f).ToArray(), 4, 4)
            .Node("MatMul", ["x", "w"], ["y"])
            .Output("y", TensorElementType.Float, "batch", 4)
            .Build()
            .Save(model);
        var scenario = Path.Combine(folder, "suite.yaml");
        File.WriteAllText(scenario, """
            version: 1
            name: slurm-suite
            models:
              - name: tiny
                path: matmul.onnx
            targets:
              - name: cpu
                threads: 1
              - name: noop
                device: noop
            loads:
              - single-stream
              - type: offline
                batch_sizes: [2]
            run:
              warmup: 1
              min_duration: 50ms
              min_queries: 64
              stability_tolerance: 1000%
            """);
        return scenario;
    }

    private static (int Exit, string Output) Harness(SingleNodeSlurm cluster, params string[] arguments)
    {
        var start = HarnessStart(arguments);
        start.Environment["SLURM_CONF"] = cluster.ConfigPath;
        return Finish(start);
    }

    private static ProcessStartInfo HarnessStart(params string[] arguments)
    {
        var start = WorkerCommand.StartInfo();
        start.ArgumentList.RemoveAt(start.ArgumentList.Count - 1);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardInput = false;
        return start;
    }

    private static (int Exit, string Output) Finish(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
