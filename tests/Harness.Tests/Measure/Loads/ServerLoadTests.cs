using Harness.Measure.Clock;
using Harness.Measure.Loads;
using Harness.Measure.Statistics;
using Harness.Plan;
using Harness.Tests.Measure.Clock;

namespace Harness.Tests.Measure.Loads;

public sealed class ServerLoadTests
{
    private readonly SimulatedTime time = new();

    private static RunRules Rules(double seconds, int minQueries = 1, double maxSeconds = 20) => RunRules.Defaults with
    {
        MinDuration = TimeSpan.FromSeconds(seconds),
        MinQueries = minQueries,
        MaxDuration = TimeSpan.FromSeconds(maxSeconds),
        StabilityTolerance = 1000,
    };

    private ServiceTimeSystem System(double ms, int maxBatch = 1) => new(time, TimeSpan.FromMilliseconds(ms), maxBatch);

    [Fact]
    public void Should_Count_Latency_From_The_Scheduled_Time_So_A_Slow_System_Shows_Its_Queue()
    {
        // 5 ms per request, 400 requests/s offered: utilisation 2, the queue grows all run long.
        using var slow = System(5);
        var run = ServerLoad.Run(time.Clock, slow, qps: 400, batcher: null, Rules(0.5), seed: 1);
        var log = run.Log;
        var analysis = RunAnalyzer.Analyze(run, 0.99, TimeSpan.FromMilliseconds(20), Rules(0.5));

        // Every request computes in exactly 5 ms, yet late ones waited far longer: queueing is visible.
        Assert.Equal(5, analysis.Breakdown.Compute.P50, 9);
        Assert.True(analysis.Breakdown.Queue.Max > 100, $"queue max {analysis.Breakdown.Queue.Max} ms");
        Assert.True(analysis.Latency.P99 > analysis.Breakdown.Compute.P99 * 10);
        // Latency rises through the run: the last tenth waited much longer than the first tenth.
        double Mean(int from, int to) => Enumerable.Range(from, to - from).Average(i => Duration.Between(log.Scheduled[i], log.Completed[i]).Seconds);
        Assert.True(Mean(log.Count * 9 / 10, log.Count) > 5 * Mean(0, log.Count / 10));
        Assert.False(analysis.Slo!.Met);
        // Answered back to back from the first arrival on: the system's own 200 per second.
        Assert.InRange(analysis.AchievedQps, 195, 200.001);
    }

    [Fact]
    public void Should_Show_No_Queue_Under_Light_Load()
    {
        using var fast = System(1);
        var rules = Rules(1.0, minQueries: 80);
        var run = ServerLoad.Run(time.Clock, fast, qps: 100, batcher: null, rules, seed: 2);
        var analysis = RunAnalyzer.Analyze(run, 0.9, TimeSpan.FromMilliseconds(50), rules);
        Assert.Equal(0, run.Unfinished);
        Assert.Equal(0, analysis.Breakdown.Queue.P50);
        Assert.Equal(1, analysis.Breakdown.Compute.Max, 9);
        Assert.True(analysis.Slo!.Met);
        Assert.InRange(analysis.AchievedQps, 70, 130);
    }

    [Fact]
    public void Should_Stop_At_The_Maximum_Duration_And_Count_The_Queries_Left_Waiting()
    {
        // 10 ms per request at 400/s for 2 s, but only 0.5 s allowed: arrivals pile up unanswered.
        using var slow = System(10);
        var rules = Rules(2, maxSeconds: 0.5);
        var run = ServerLoad.Run(time.Clock, slow, qps: 400, batcher: null, rules, seed: 5);
        var analysis = RunAnalyzer.Analyze(run, 0.99, TimeSpan.FromMilliseconds(20), rules);

        Assert.True(run.HitLimit);
        Assert.InRange(run.Log.Count, 45, 55);
        Assert.True(run.Unfinished > 100, $"{run.Unfinished} unanswered");
        Assert.Contains(analysis.Validity.Reasons, r => r.Contains("still waiting when max_duration ran out", StringComparison.Ordinal));
        Assert.False(analysis.Slo!.Met);
    }

    [Fact]
    public void Should_Coalesce_Waiting_Requests_Up_To_The_Batchers_Limits()
    {
        // Arrivals at 2000/s with a 5 ms queue delay: batches fill to 8 long before the delay runs out.
        using var system = System(1, maxBatch: 8);
        var batcher = new BatcherSpec(8, TimeSpan.FromMilliseconds(5), []);
        var run = ServerLoad.Run(time.Clock, system, qps: 2000, batcher, Rules(0.3), seed: 3);

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
        Assert.Equal(log.Completed[0], log.Completed[system.Batches[0].Count - 1]);
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
        // 50 requests/s, 3 ms delay: a batch rarely fills, so requests wait the delay and go alone.
        using var system = System(1, maxBatch: 8);
        var batcher = new BatcherSpec(8, TimeSpan.FromMilliseconds(3), []);
        var rules = Rules(0.6);
        var run = ServerLoad.Run(time.Clock, system, qps: 50, batcher, rules, seed: 4);
        var analysis = RunAnalyzer.Analyze(run, 0.5, null, rules);
        Assert.Equal(3, analysis.Breakdown.Queue.P50, 6);
        Assert.True(analysis.Breakdown.Queue.Max <= 3 + 1, $"queue max {analysis.Breakdown.Queue.Max} ms");
        Assert.True(analysis.MeanBatchSize < 1.5);
    }

    [Fact]
    public void Should_Replay_The_Same_Run_For_The_Same_Seed()
    {
        RequestLog Once()
        {
            var own = new SimulatedTime();
            return ServerLoad.Run(own.Clock, new ServiceTimeSystem(own, TimeSpan.FromMilliseconds(2)), qps: 300, batcher: null, Rules(0.2), seed: 9).Log;
        }

        var (first, second) = (Once(), Once());
        Assert.Equal(first.Count, second.Count);
        Assert.Equal(first.Completed.AsSpan(0, first.Count).ToArray(), second.Completed.AsSpan(0, second.Count).ToArray());
    }
}
