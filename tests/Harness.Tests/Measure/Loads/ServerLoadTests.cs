using System.Diagnostics;
using Harness.Measure.Loads;
using Harness.Measure.Statistics;
using Harness.Plan;

namespace Harness.Tests.Measure.Loads;

[Collection(Execute.WorkerProcessCollection.Name)]
public sealed class ServerLoadTests
{
    private static RunRules Rules(double seconds, int minQueries = 1, double maxSeconds = 20) => RunRules.Defaults with
    {
        MinDuration = TimeSpan.FromSeconds(seconds),
        MinQueries = minQueries,
        MaxDuration = TimeSpan.FromSeconds(maxSeconds),
        StabilityTolerance = 1000,
    };

    [Fact]
    public void Should_Count_Latency_From_The_Scheduled_Time_So_A_Slow_System_Shows_Its_Queue()
    {
        // 5 ms per request, 400 requests/s offered: utilisation 2, the queue grows all run long.
        using var slow = new ServiceTimeSystem(TimeSpan.FromMilliseconds(5));
        var run = ServerLoad.Run(slow, qps: 400, batcher: null, Rules(0.5), seed: 1);
        var log = run.Log;
        var analysis = RunAnalyzer.Analyze(run, 0.99, TimeSpan.FromMilliseconds(20), Rules(0.5));

        // Every request computes in about 5 ms, yet late ones waited far longer: queueing is visible.
        Assert.InRange(analysis.Breakdown.Compute.P50, 4.5, 15);
        Assert.True(analysis.Breakdown.Queue.Max > 100, $"queue max {analysis.Breakdown.Queue.Max} ms");
        Assert.True(analysis.Latency.P99 > analysis.Breakdown.Compute.P99 * 10);
        // Latency rises through the run: the last tenth waited much longer than the first tenth.
        double Mean(int from, int to) => Enumerable.Range(from, to - from).Average(i => (log.Completed[i] - log.Scheduled[i]) / (double)Stopwatch.Frequency);
        Assert.True(Mean(log.Count * 9 / 10, log.Count) > 5 * Mean(0, log.Count / 10));
        Assert.False(analysis.Slo!.Met);
        Assert.True(analysis.AchievedQps < 250, $"achieved {analysis.AchievedQps} qps from a 200 qps system");
    }

    [Fact]
    public void Should_Show_No_Queue_Under_Light_Load()
    {
        using var fast = new ServiceTimeSystem(TimeSpan.FromMilliseconds(1));
        var rules = Rules(1.0, minQueries: 80);
        var run = ServerLoad.Run(fast, qps: 100, batcher: null, rules, seed: 2);
        var analysis = RunAnalyzer.Analyze(run, 0.9, TimeSpan.FromMilliseconds(50), rules);
        Assert.Equal(0, run.Unfinished);
        Assert.True(analysis.Breakdown.Queue.P50 < 1, $"median queueing {analysis.Breakdown.Queue.P50} ms at 10% utilisation");
        Assert.True(analysis.Slo!.Met);
        Assert.InRange(analysis.AchievedQps, 70, 130);
    }

    [Fact]
    public void Should_Coalesce_Waiting_Requests_Up_To_The_Batchers_Limits()
    {
        // Arrivals at 2000/s with a 5 ms queue delay: batches fill to 8 long before the delay runs out.
        using var system = new ServiceTimeSystem(TimeSpan.FromMilliseconds(1), maxBatch: 8);
        var batcher = new BatcherSpec(8, TimeSpan.FromMilliseconds(5), []);
        var run = ServerLoad.Run(system, qps: 2000, batcher, Rules(0.3), seed: 3);

        Assert.All(system.Batches, b => Assert.InRange(b.Count, 1, 8));
        Assert.True(system.Batches.Average(b => b.Count) > 4, "most batches fill up");
        // Batches cover the requests in order, each exactly once.
        var next = 0L;
        foreach (var (first, count) in system.Batches)
        {
            Assert.Equal(next, first);
            next += count;
        }

        Assert.Equal(run.Log.Count, next);
        // Requests of one batch start and complete together, each counted from its own arrival.
        var log = run.Log;
        Assert.Equal(log.Started[0], log.Started[system.Batches[0].Count - 1]);
        Assert.True(log.Scheduled[0] <= log.Scheduled[1]);
    }

    [Fact]
    public void Should_Prefer_The_Largest_Preferred_Size_That_Has_Arrived()
    {
        Assert.Equal(4, ServerLoad.ChooseBatch(6, [2, 4, 8]));
        Assert.Equal(8, ServerLoad.ChooseBatch(8, [2, 4, 8]));
        Assert.Equal(1, ServerLoad.ChooseBatch(1, [2, 4, 8]));
        Assert.Equal(5, ServerLoad.ChooseBatch(5, []));
    }

    [Fact]
    public void Should_Wait_At_Most_The_Queue_Delay_Under_Light_Load()
    {
        // 50 requests/s, 3 ms delay: a batch rarely fills, so requests wait about the delay and go alone.
        using var system = new ServiceTimeSystem(TimeSpan.FromMilliseconds(1), maxBatch: 8);
        var batcher = new BatcherSpec(8, TimeSpan.FromMilliseconds(3), []);
        var rules = Rules(0.6);
        var run = ServerLoad.Run(system, qps: 50, batcher, rules, seed: 4);
        var analysis = RunAnalyzer.Analyze(run, 0.5, null, rules);
        Assert.InRange(analysis.Breakdown.Queue.P50, 2.5, 6);
        Assert.True(analysis.MeanBatchSize < 1.5);
    }
}
