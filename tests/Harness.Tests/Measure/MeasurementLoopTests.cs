using Harness.Measure;
using Harness.Measure.Statistics;
using Harness.Plan;

namespace Harness.Tests.Measure;

public sealed class MeasurementLoopTests
{
    private struct CountingQuery : IQuery
    {
        public int Issued;

        public void Issue()
        {
            // A little work per query, so a million of them take longer than the tests' minimum durations.
            Thread.SpinWait(50);
            Issued++;
        }
    }

    private static RunRules Rules(int minQueries, TimeSpan minDuration, int maxQueries = 1_000_000, double maxSeconds = 30) =>
        RunRules.Defaults with { StabilityTolerance = 100, MinQueries = minQueries, MinDuration = minDuration, MaxQueries = maxQueries, MaxDuration = TimeSpan.FromSeconds(maxSeconds) };

    private static Harness.Results.ValidityInfo Judge(LoopOutcome outcome, RunRules rules)
    {
        var run = new Harness.Measure.Loads.LoadRun(Harness.Measure.Loads.RequestLog.FromClosedLoop(outcome.Samples, 0), 1, 1, null, 0, outcome.Count, outcome.Stop != LoopStop.MinimumsMet, outcome.ElapsedTicks);
        return RunAnalyzer.Analyze(run, 0.9, null, rules).Validity;
    }

    [Fact]
    public void Should_Run_Until_Both_Minimums_Are_Met()
    {
        var query = new CountingQuery();
        var outcome = MeasurementLoop.Run(ref query, Rules(500, TimeSpan.FromMilliseconds(20)));
        Assert.Equal(LoopStop.MinimumsMet, outcome.Stop);
        Assert.True(outcome.Count >= 500);
        Assert.True(outcome.Elapsed >= TimeSpan.FromMilliseconds(20));
        Assert.Equal(outcome.Count, query.Issued);
        Assert.True(Judge(outcome, Rules(500, TimeSpan.FromMilliseconds(20))).Valid);
    }

    [Fact]
    public void Should_Stop_At_The_Buffer_Size_And_Say_The_Run_Is_Invalid()
    {
        var query = new CountingQuery();
        var rules = Rules(10, TimeSpan.FromSeconds(20), maxQueries: 100);
        var outcome = MeasurementLoop.Run(ref query, rules);
        Assert.Equal(LoopStop.MaxQueries, outcome.Stop);
        Assert.Equal(100, outcome.Count);
        var validity = Judge(outcome, rules);
        Assert.False(validity.Valid);
        Assert.Contains(validity.Reasons, r => r.Contains("shorter than min_duration 20s", StringComparison.Ordinal) && r.Contains("max_queries 100)", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Stop_At_The_Maximum_Duration_When_Queries_Are_Too_Slow()
    {
        var query = new SleepingQuery();
        var rules = Rules(1_000, TimeSpan.FromMilliseconds(10), maxSeconds: 0.2);
        var outcome = MeasurementLoop.Run(ref query, rules);
        Assert.Equal(LoopStop.MaxDuration, outcome.Stop);
        Assert.InRange(outcome.Count, 1, 999);
        Assert.Contains(Judge(outcome, rules).Reasons, r => r.Contains("fewer than min_queries 1000", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Record_Each_Query_Latency()
    {
        var query = new SleepingQuery();
        var outcome = MeasurementLoop.Run(ref query, Rules(5, TimeSpan.FromMilliseconds(1)));
        // Each query sleeps at least 5 ms; a latency below that would mean timestamps are misplaced.
        var summary = LatencyStatistics.Summarize(outcome.Samples);
        Assert.True(summary.Min >= 4.5, $"min latency {summary.Min} ms is below the 5 ms sleep");
    }

    [Fact]
    public void Should_Allocate_Nothing_When_Given_A_Buffer()
    {
        var query = new CountingQuery();
        var rules = Rules(10_000, TimeSpan.Zero, maxQueries: 10_000);
        var latencies = new long[rules.MaxQueries];

        // The first call may allocate while the runtime loads and compiles; the measured one must not.
        MeasurementLoop.Run(ref query, rules, latencies);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var outcome = MeasurementLoop.Run(ref query, rules, latencies);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(10_000, outcome.Count);
        Assert.Equal(0, allocated);
    }

    private readonly struct SleepingQuery : IQuery
    {
        public void Issue() => Thread.Sleep(5);
    }
}
