using Harness.Plan;
using Harness.Plan.Sharding;

namespace Harness.Tests.Plan.Sharding;

public sealed class ShardPartitionTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("shard-suite");

    public ShardPartitionTests()
    {
        foreach (var model in new[] { "a", "b", "c" })
        {
            File.WriteAllBytes(Path.Combine(folder, model + ".onnx"), [1]);
        }

        Suite = ScenarioParser.Parse(SuiteYaml, Path.Combine(folder, "shard-suite.yaml"));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Three models, variants of two of them, two targets, cheap and dear loads: jobs of very different costs.</summary>
    private Scenario Suite { get; }

    private const string SuiteYaml = """
        version: 1
        name: shard-suite
        models:
          - name: a
            path: a.onnx
            variants: [int8-dynamic, int8-static, fp16]
            loads:
              - single-stream
              - type: server
                search: peak-qps
                slo: 20ms
          - name: b
            path: b.onnx
            variants: [int8-dynamic, fp16]
          - name: c
            path: c.onnx
        targets:
          - name: cpu
            threads: [1, 2]
        loads:
          - single-stream
          - type: offline
            batch_sizes: [2, 8]
          - type: concurrency-sweep
            clients: [1, 2, 4]
        run:
          min_duration: 2s
        """;

    private IReadOnlyList<MeasurementJob> Jobs => JobPlanner.Plan(Suite);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public void Should_Put_Every_Job_In_Exactly_One_Shard_In_Planned_Order(int count)
    {
        var shards = ShardPartition.Split(Jobs, count, LoadCostEstimate.Instance);

        Assert.Equal(count, shards.Count);
        Assert.Equal(Jobs.Select(j => j.Id).Order(StringComparer.Ordinal), shards.SelectMany(s => s).Select(j => j.Id).Order(StringComparer.Ordinal));
        Assert.All(shards, shard =>
        {
            Assert.NotEmpty(shard);
            var order = shard.Select(j => Jobs.ToList().FindIndex(p => p.Id == j.Id)).ToList();
            Assert.Equal(order.Order(), order);
        });
    }

    [Fact]
    public void Should_Balance_Shards_To_Within_One_Unit_Of_Each_Other()
    {
        var costs = LoadCostEstimate.Instance;
        var largestUnit = Jobs.GroupBy(j => j.Transform is null ? j.Id : $"{j.Model.Name}/{j.Variant}")
            .Max(g => g.Sum(j => costs.Expected(j).TotalSeconds) + (g.First().Transform is { } v ? costs.Preparation(v).TotalSeconds : 0));

        var loads = ShardPartition.Split(Jobs, 4, costs).Select(s => Load(s, costs)).ToList();

        // Longest-processing-time placement: the last unit put on the dearest shard went to the
        // cheapest one at the time, so no two shards differ by more than the largest unit.
        Assert.True(loads.Max() - loads.Min() <= largestUnit, $"shard loads {string.Join(", ", loads)} differ by more than the largest unit ({largestUnit} s)");
    }

    [Fact]
    public void Should_Keep_Each_Variants_Jobs_In_One_Shard_So_It_Is_Made_Once()
    {
        var shards = ShardPartition.Split(Jobs, 4, LoadCostEstimate.Instance);

        var madeIn = shards
            .SelectMany((shard, index) => shard.Where(j => j.Transform is not null).Select(j => (Variant: $"{j.Model.Name}/{j.Variant}", index)))
            .GroupBy(x => x.Variant)
            .ToDictionary(g => g.Key, g => g.Select(x => x.index).Distinct().Count());
        Assert.Equal(5, madeIn.Count);
        Assert.All(madeIn, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public void Should_Split_Alike_Every_Time_Whatever_Shard_Asks()
    {
        var first = ShardPartition.Split(Jobs, 4, LoadCostEstimate.Instance);
        for (var index = 0; index < 4; index++)
        {
            var again = ShardPartition.JobsOf(JobPlanner.Plan(Suite), new ShardSpec(index, 4), LoadCostEstimate.Instance);
            Assert.Equal(first[index].Select(j => j.Id), again.Select(j => j.Id));
        }
    }

    [Fact]
    public void Should_Refuse_More_Shards_Than_Parts_To_Share()
    {
        var error = Assert.Throws<ShardException>(() => ShardPartition.Split(Jobs, 60, LoadCostEstimate.Instance));

        Assert.Equal("60 shards, but the scenario has only 25 part(s) to share out (58 jobs; a variant's jobs stay together); use at most 25 shards", error.Message);
    }

    [Theory]
    [InlineData("2/4", 2, 4)]
    [InlineData("0/1", 0, 1)]
    public void Should_Read_A_Shard_Counted_From_Zero(string text, int index, int count) =>
        Assert.Equal(new ShardSpec(index, count), ShardSpec.Parse(text));

    [Theory]
    [InlineData("4/4", "--shard 4/4: the index is out of range; shards of 4 are numbered 0 to 3")]
    [InlineData("1/0", "--shard 1/0: the number of shards must be at least 1")]
    [InlineData("-1/4", "--shard -1/4 is not i/n: give the shard's index (from 0) and the number of shards, e.g. --shard 0/4")]
    [InlineData("2", "--shard 2 is not i/n: give the shard's index (from 0) and the number of shards, e.g. --shard 0/4")]
    public void Should_Refuse_A_Shard_Out_Of_Range_Or_Malformed(string text, string message) =>
        Assert.Equal(message, Assert.Throws<ShardException>(() => ShardSpec.Parse(text)).Message);

    private static double Load(IEnumerable<MeasurementJob> shard, IJobCostModel costs) =>
        shard.Sum(j => costs.Expected(j).TotalSeconds) + shard.Where(j => j.Transform is not null).DistinctBy(j => (j.Model.Name, j.Variant)).Sum(j => costs.Preparation(j.Transform!).TotalSeconds);
}
