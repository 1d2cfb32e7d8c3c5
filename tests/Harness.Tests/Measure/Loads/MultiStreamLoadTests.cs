using Harness.Measure.Loads;
using Harness.Measure.Statistics;
using Harness.Plan;

namespace Harness.Tests.Measure.Loads;

[Collection(Execute.WorkerProcessCollection.Name)]
public sealed class MultiStreamLoadTests
{
    private static readonly RunRules Rules = RunRules.Defaults with
    {
        MinDuration = TimeSpan.FromMilliseconds(400),
        MinQueries = 10,
        MaxDuration = TimeSpan.FromSeconds(5),
        StabilityTolerance = 1000,
    };

    [Fact]
    public void Should_Issue_N_Samples_Per_Interval_And_Time_The_Whole_Query()
    {
        using var system = new ServiceTimeSystem(TimeSpan.FromMilliseconds(1));
        var run = MultiStreamLoad.Run(system, samplesPerQuery: 4, TimeSpan.FromMilliseconds(20), batcher: null, Rules);
        var analysis = RunAnalyzer.Analyze(run, 0.99, null, Rules);

        Assert.True(run.Log.Count >= 20);
        Assert.Equal(run.Log.Count * 4, system.Batches.Count);
        Assert.All(system.Batches, b => Assert.Equal(1, b.Count));
        // Four 1 ms samples one after another: each query takes about 4 ms.
        Assert.InRange(analysis.Latency.P50, 3.8, 12);
        Assert.Equal(4 * analysis.Throughput.QueriesPerSec, analysis.Throughput.SamplesPerSec, 6);
    }

    [Fact]
    public void Should_Coalesce_A_Querys_Samples_With_A_Batcher()
    {
        using var system = new ServiceTimeSystem(TimeSpan.FromMilliseconds(1), maxBatch: 8);
        var run = MultiStreamLoad.Run(system, samplesPerQuery: 8, TimeSpan.FromMilliseconds(20), new BatcherSpec(8, TimeSpan.FromMilliseconds(1), []), Rules);
        Assert.Equal(run.Log.Count, system.Batches.Count);
        Assert.All(system.Batches, b => Assert.Equal(8, b.Count));
        Assert.InRange(RunAnalyzer.Analyze(run, 0.99, null, Rules).Latency.P50, 0.9, 8);
    }
}
