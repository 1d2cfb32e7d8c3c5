using Harness.Measure.Loads;
using Harness.Measure.Statistics;
using Harness.Plan;
using Harness.Tests.Measure.Clock;

namespace Harness.Tests.Measure.Loads;

public sealed class MultiStreamLoadTests
{
    private static readonly RunRules Rules = RunRules.Defaults with
    {
        MinDuration = TimeSpan.FromMilliseconds(400),
        MinQueries = 10,
        MaxDuration = TimeSpan.FromSeconds(5),
        StabilityTolerance = 1000,
    };

    private readonly SimulatedTime time = new();

    [Fact]
    public void Should_Issue_N_Samples_Per_Interval_And_Time_The_Whole_Query()
    {
        using var system = new ServiceTimeSystem(time, TimeSpan.FromMilliseconds(1));
        var run = MultiStreamLoad.Run(time.Clock, system, samplesPerQuery: 4, TimeSpan.FromMilliseconds(20), batcher: null, Rules);
        var analysis = RunAnalyzer.Analyze(run, 0.99, null, Rules);

        // 400 ms at one query per 20 ms, and one more to close the window.
        Assert.Equal(21, run.Log.Count);
        Assert.Equal(run.Log.Count * 4, system.Batches.Count);
        Assert.All(system.Batches, b => Assert.Equal(1, b.Count));
        // Four 1 ms samples one after another: each query takes 4 ms, and none waits for the one before.
        Assert.Equal(4, analysis.Latency.P50, 9);
        Assert.Equal(4, analysis.Latency.Max, 9);
        Assert.Equal(0, analysis.Breakdown.Queue.Max);
        Assert.Equal(4 * analysis.Throughput.QueriesPerSec, analysis.Throughput.SamplesPerSec, 6);
    }

    [Fact]
    public void Should_Coalesce_A_Querys_Samples_With_A_Batcher()
    {
        using var system = new ServiceTimeSystem(time, TimeSpan.FromMilliseconds(1), maxBatch: 8);
        var run = MultiStreamLoad.Run(time.Clock, system, samplesPerQuery: 8, TimeSpan.FromMilliseconds(20), new BatcherSpec(8, TimeSpan.FromMilliseconds(1), []), Rules);
        Assert.Equal(run.Log.Count, system.Batches.Count);
        Assert.All(system.Batches, b => Assert.Equal(8, b.Count));
        Assert.Equal(1, RunAnalyzer.Analyze(run, 0.99, null, Rules).Latency.P50, 9);
    }

    [Fact]
    public void Should_Queue_Each_Query_Behind_The_Last_When_A_Query_Outlasts_The_Interval()
    {
        // 4 samples of 8 ms every 20 ms: each query takes 32 ms, so each starts 12 ms later than the one before.
        using var system = new ServiceTimeSystem(time, TimeSpan.FromMilliseconds(8));
        var run = MultiStreamLoad.Run(time.Clock, system, samplesPerQuery: 4, TimeSpan.FromMilliseconds(20), batcher: null, Rules);
        var log = run.Log;
        for (var i = 1; i < log.Count; i++)
        {
            Assert.Equal(12.0 * i, Harness.Measure.Clock.Duration.Between(log.Scheduled[i], log.Started[i]).Milliseconds, 6);
        }
    }
}
