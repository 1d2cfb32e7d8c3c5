using Harness.Execute;
using Harness.Execute.Merging;
using Harness.Plan;
using Harness.Plan.Sharding;
using Harness.Reports;
using Harness.Reports.Writers;
using Harness.Results;

namespace Harness.Tests.Execute.Merging;

/// <summary>
/// The merge's checks on shard results as 'harness run --shard' writes them (built here from the
/// partition itself, so the refusals are pinned one by one without measuring anything).
/// </summary>
public sealed class ShardMergeTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("merge-suite");

    private readonly Scenario suite;

    public ShardMergeTests()
    {
        File.WriteAllBytes(Path.Combine(folder, "a.onnx"), [1]);
        File.WriteAllBytes(Path.Combine(folder, "b.onnx"), [1]);
        suite = Parse("min_duration: 1s");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly EnvironmentInfo NodeA = new("Linux", "cpu A", 2, 1 << 30, ".NET 10", "1.30.0", ["CPUExecutionProvider"]);

    private static readonly EnvironmentInfo NodeB = NodeA with { Cpu = "cpu B", Cores = 64 };

    private Scenario Parse(string run) => ScenarioParser.Parse($"""
        version: 1
        name: merge-suite
        models:
          - name: a
            path: a.onnx
            variants: [fp16]
          - name: b
            path: b.onnx
        targets:
          - name: cpu
        loads:
          - single-stream
          - type: offline
            batch_sizes: [4]
        run:
          {run}
        """, Path.Combine(folder, "merge-suite.yaml"), run == "min_duration: 1s" ? "aaaa1111" : "bbbb2222");

    /// <summary>Shard <paramref name="index"/> of <paramref name="count"/>, finished, every job measured ok on <paramref name="node"/>.</summary>
    private ShardRun Shard(int index, int count, EnvironmentInfo? node = null, Scenario? scenario = null)
    {
        scenario ??= suite;
        var jobs = ShardPartition.JobsOf(JobPlanner.Plan(scenario), new ShardSpec(index, count), LoadCostEstimate.Instance);
        var measurements = jobs.Select(j => new MeasurementResult(
            j.Id, j.Model.Name, j.Variant, j.Target.Name, new LoadInfo(j.LoadName, j.BatchSize, 1), MeasurementStatus.Ok, null,
            null, new ThroughputInfo(100 + index, 100 + index), null, null, new ValidityInfo(true, []), null)).ToList();
        var run = new RunResults(
            RunResults.SchemaV1,
            $"run-shard{index}of{count}",
            new ScenarioInfo(scenario.Name, scenario.SourcePath, scenario.Sha256),
            new HarnessInfo("1.0.0", "abc"),
            node ?? NodeA,
            DateTimeOffset.UnixEpoch.AddMinutes(index),
            DateTimeOffset.UnixEpoch.AddMinutes(10 + index),
            measurements)
        {
            Shard = new ShardInfo(index, count, [.. jobs.Select(j => j.Id)]),
        };
        return new ShardRun($"shards/{index}", run);
    }

    private MergeException Refused(params ShardRun[] shards) => Assert.Throws<MergeException>(() => ShardMerge.Merge(shards, suite, "merged"));

    [Fact]
    public void Should_Give_The_Merged_Run_Every_Planned_Job_In_Planned_Order_With_Its_Node()
    {
        var merged = ShardMerge.Merge([Shard(2, 3, NodeB), Shard(0, 3), Shard(1, 3)], suite, "merged");

        Assert.Equal(JobPlanner.Plan(suite).Select(j => j.Id), merged.Measurements.Select(m => m.Id));
        Assert.Null(merged.Shard);
        Assert.Equal(["run-shard0of3", "run-shard1of3", "run-shard2of3"], merged.Merged!.Shards);
        Assert.True(merged.Merged.UnlikeNodes);
        Assert.Equal([[0, 1], [2]], merged.Merged.Nodes.Select(n => n.Shards));
        Assert.Equal([NodeFingerprint.Of(NodeA), NodeFingerprint.Of(NodeB)], merged.Merged.Nodes.Select(n => n.Fingerprint));
        var shardOfB = Shard(2, 3).Run.Shard!.Jobs;
        Assert.All(merged.Measurements, m => Assert.Equal(NodeFingerprint.Of(shardOfB.Contains(m.Id) ? NodeB : NodeA), m.Node));
        Assert.Equal(DateTimeOffset.UnixEpoch, merged.StartedAt);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMinutes(12), merged.FinishedAt);
        var report = RunReport.From(merged);
        Assert.Equal(
            $"measured on 2 unlike nodes: {NodeFingerprint.Of(NodeA)} (cpu A, 2 cores) ran shards 0, 1; {NodeFingerprint.Of(NodeB)} (cpu B, 64 cores) ran shard 2; each measurement's node is in results.json, compare figures only between measurements of one node",
            report.UnlikeNodes);
        Assert.Contains($"> **Warning:** {report.UnlikeNodes}.", MarkdownReportWriter.Render(report, []), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Say_Nodes_Are_Alike_When_Every_Shard_Ran_On_One_Kind()
    {
        var merged = ShardMerge.Merge([Shard(0, 2), Shard(1, 2)], suite, "merged");

        Assert.False(merged.Merged!.UnlikeNodes);
        Assert.Null(RunReport.From(merged).UnlikeNodes);
    }

    [Fact]
    public void Should_Refuse_Shards_Of_Another_Scenario() =>
        Assert.Equal(
            $"shards/1 ran a different scenario (sha256 bbbb2222) from {Path.Combine(folder, "merge-suite.yaml")} (sha256 aaaa1111); merge shards of one scenario file, unchanged since they ran",
            Refused(Shard(0, 2), Shard(1, 2, scenario: Parse("min_duration: 2s"))).Message);

    [Fact]
    public void Should_Refuse_Shards_Of_Another_Harness()
    {
        var other = Shard(1, 2);
        other = other with { Run = other.Run with { Harness = new HarnessInfo("1.1.0", "def") } };

        Assert.Equal("shards/1 ran on harness 1.1.0 (def), shards/0 on 1.0.0 (abc); run every shard with the same harness", Refused(Shard(0, 2), other).Message);
    }

    [Fact]
    public void Should_Refuse_Shards_Of_Another_Schema()
    {
        var other = Shard(1, 2);
        other = other with { Run = other.Run with { Schema = "harness.results/v2" } };

        Assert.Equal("shards/1 is written in results schema harness.results/v2, shards/0 in harness.results/v1; merge shards written by one harness", Refused(Shard(0, 2), other).Message);
    }

    [Fact]
    public void Should_Refuse_A_Missing_Or_Repeated_Shard_Or_Another_Split()
    {
        Assert.Equal("shard 1/3 is missing; run it (harness run SCENARIO --shard i/3) and name every shard's run", Refused(Shard(0, 3), Shard(2, 3)).Message);
        Assert.Equal("shard 0/2 is given twice: shards/0 and shards/0; name each shard's run once", Refused(Shard(0, 2), Shard(0, 2), Shard(1, 2)).Message);
        Assert.Equal("shards/1 is shard 1/3, shards/0 is shard 0/2; merge the shards of one split", Refused(Shard(0, 2), Shard(1, 3)).Message);
    }

    [Fact]
    public void Should_Refuse_A_Whole_Run()
    {
        var whole = Shard(0, 1);
        whole = whole with { Run = whole.Run with { Shard = null } };

        Assert.Equal("shards/0 is a whole run, not a shard (it ran without --shard); merge the runs of 'harness run SCENARIO --shard i/n'", Refused(whole).Message);
    }

    [Fact]
    public void Should_Refuse_An_Unfinished_Shard_And_Say_How_To_Finish_It()
    {
        var died = Shard(1, 2);
        died = died with { Run = died.Run with { FinishedAt = null, Measurements = died.Run.Measurements.Take(1).ToList() } };
        var stopped = Shard(1, 2);
        stopped = stopped with { Run = stopped.Run with { Measurements = [.. stopped.Run.Measurements.Select((m, i) => i == 0 ? m with { Status = MeasurementStatus.Interrupted } : m)] } };
        var jobs = died.Run.Shard!.Jobs.Count;

        Assert.Equal($"shard 1/2 (shards/1) is unfinished: {jobs - 1} of its {jobs} jobs not measured; finish it with 'harness run --resume shards/1'", Refused(Shard(0, 2), died).Message);
        Assert.Equal($"shard 1/2 (shards/1) is unfinished: 1 of its {jobs} jobs not measured; finish it with 'harness run --resume shards/1'", Refused(Shard(0, 2), stopped).Message);
    }

    [Fact]
    public void Should_Refuse_Shards_Split_Differently()
    {
        var other = Shard(1, 2);
        var stolen = Shard(0, 2).Run.Shard!.Jobs[0];
        other = other with { Run = other.Run with { Shard = other.Run.Shard! with { Jobs = [.. other.Run.Shard.Jobs, stolen] }, Measurements = [.. other.Run.Measurements, Shard(0, 2).Run.Measurements[0]] } };

        Assert.StartsWith($"job {stolen} was measured by shard 0 and shard 1: the shards were split differently", Refused(Shard(0, 2), other).Message, StringComparison.Ordinal);
    }
}
