using Harness.Measure;
using Harness.Measure.Clock;
using Harness.Measure.Loads;
using Harness.Measure.Statistics;
using Harness.Plan;
using Harness.Results;
using Harness.Tests.Measure.Clock;

namespace Harness.Tests.Measure;

public sealed class MeasurementLoopTests
{
    private readonly SimulatedTime time = new();

    /// <summary>A query that takes a fixed simulated time, and counts how often it was issued.</summary>
    private struct TimedQuery(SimulatedTime time, TimeSpan each) : IQuery
    {
        public int Issued;

        public void Issue()
        {
            time.Spend(each);
            Issued++;
        }
    }

    /// <summary>A query whose simulated time depends on when it is issued: a machine that is disturbed, or slows down.</summary>
    private struct VaryingQuery(SimulatedTime time, Func<TimeSpan, TimeSpan> latencyAt) : IQuery
    {
        public readonly void Issue() => time.Spend(latencyAt(new Duration(time.Now).ToTimeSpan()));
    }

    /// <summary>A little real work per query, for the allocation test on the real clock.</summary>
    private struct SpinningQuery : IQuery
    {
        public int Issued;

        public void Issue()
        {
            Thread.SpinWait(50);
            Issued++;
        }
    }

    private static RunRules Rules(int minQueries, TimeSpan minDuration, int maxQueries = 1_000_000, double maxSeconds = 30) =>
        RunRules.Defaults with { StabilityTolerance = 100, MinQueries = minQueries, MinDuration = minDuration, MaxQueries = maxQueries, MaxDuration = TimeSpan.FromSeconds(maxSeconds) };

    private static ValidityInfo Judge(LoopOutcome outcome, RunRules rules)
    {
        var run = new LoadRun(RequestLog.FromClosedLoop(outcome.Samples, 0), 1, 1, null, 0, outcome.Count, outcome.Stop != LoopStop.MinimumsMet, outcome.ElapsedTicks);
        return RunAnalyzer.Analyze(run, 0.9, null, rules).Validity;
    }

    private TimedQuery Taking(double ms) => new(time, TimeSpan.FromMilliseconds(ms));

    [Fact]
    public void Should_Run_Until_The_Query_Minimum_When_It_Is_Met_Last()
    {
        var query = Taking(0.1);
        var rules = Rules(500, TimeSpan.FromMilliseconds(20));
        var outcome = MeasurementLoop.Run(ref query, time.Clock, rules);
        Assert.Equal(LoopStop.MinimumsMet, outcome.Stop);
        Assert.Equal(500, outcome.Count);
        Assert.Equal(500, query.Issued);
        Assert.Equal(TimeSpan.FromMilliseconds(50), outcome.Elapsed);
        Assert.True(Judge(outcome, rules).Valid);
    }

    [Fact]
    public void Should_Run_Until_The_Duration_Minimum_When_It_Is_Met_Last()
    {
        var query = Taking(1);
        var rules = Rules(10, TimeSpan.FromMilliseconds(120));
        var outcome = MeasurementLoop.Run(ref query, time.Clock, rules);
        Assert.Equal(LoopStop.MinimumsMet, outcome.Stop);
        Assert.Equal(120, outcome.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(120), outcome.Elapsed);
    }

    [Fact]
    public void Should_Stop_At_The_Buffer_Size_And_Say_The_Run_Is_Invalid()
    {
        var query = Taking(1);
        var rules = Rules(10, TimeSpan.FromSeconds(20), maxQueries: 100);
        var outcome = MeasurementLoop.Run(ref query, time.Clock, rules);
        Assert.Equal(LoopStop.MaxQueries, outcome.Stop);
        Assert.Equal(100, outcome.Count);
        var validity = Judge(outcome, rules);
        Assert.False(validity.Valid);
        Assert.Contains("ran 100ms, shorter than min_duration 20s (stopped at max_duration 30s or max_queries 100)", validity.Reasons);
    }

    [Fact]
    public void Should_Stop_At_The_Maximum_Duration_When_Queries_Are_Too_Slow()
    {
        var query = Taking(5);
        var rules = Rules(1_000, TimeSpan.FromMilliseconds(10), maxSeconds: 0.2);
        var outcome = MeasurementLoop.Run(ref query, time.Clock, rules);
        Assert.Equal(LoopStop.MaxDuration, outcome.Stop);
        Assert.Equal(40, outcome.Count);
        Assert.Contains("ran 40 queries, fewer than min_queries 1000 (stopped at max_duration 200ms or max_queries 1000000)", Judge(outcome, rules).Reasons);
    }

    [Fact]
    public void Until_steady_a_run_disturbed_at_its_end_goes_on_until_its_last_windows_agree_and_is_valid()
    {
        // 1 ms a query, but 1.5 ms while something else runs from 0.7 s to 1.0 s: the last windows of a 1 s run.
        static TimeSpan Disturbed(TimeSpan at) => TimeSpan.FromMilliseconds(at.TotalSeconds is >= 0.7 and < 1.0 ? 1.5 : 1);
        var rules = Rules(100, TimeSpan.FromSeconds(1)) with { StabilityTolerance = 0.10, MaxDuration = TimeSpan.FromSeconds(10) };

        var plain = new VaryingQuery(time, Disturbed);
        var stopped = MeasurementLoop.Run(ref plain, time.Clock, rules);
        Assert.Equal(LoopStop.MinimumsMet, stopped.Stop);
        Assert.InRange(stopped.Elapsed.TotalSeconds, 1.0, 1.01);
        Assert.Contains(Judge(stopped, rules).Reasons, r => r.StartsWith("unstable:", StringComparison.Ordinal));

        var steadyRules = rules with { UntilSteady = true };
        var later = new SimulatedTime();
        var patient = new VaryingQuery(later, Disturbed);
        var extended = MeasurementLoop.Run(ref patient, later.Clock, steadyRules);
        Assert.Equal(LoopStop.MinimumsMet, extended.Stop);
        // The disturbance must leave the last three of six equal-count windows: about twice its end.
        Assert.InRange(extended.Elapsed.TotalSeconds, 1.8, 3.0);
        Assert.True(Judge(extended, steadyRules).Valid);
    }

    [Fact]
    public void Until_steady_a_run_that_never_settles_stops_at_its_maximum_and_says_so()
    {
        // Slower and slower: 1 ms plus half a millisecond per second, so the last windows never agree.
        static TimeSpan Drifting(TimeSpan at) => TimeSpan.FromMilliseconds(1 + (0.5 * at.TotalSeconds));
        var rules = Rules(100, TimeSpan.FromSeconds(1)) with { StabilityTolerance = 0.10, MaxDuration = TimeSpan.FromSeconds(4), UntilSteady = true };
        var query = new VaryingQuery(time, Drifting);

        var outcome = MeasurementLoop.Run(ref query, time.Clock, rules);

        Assert.Equal(LoopStop.MaxDuration, outcome.Stop);
        Assert.InRange(outcome.Elapsed.TotalSeconds, 4.0, 4.01);
        var unsteady = Assert.Single(Judge(outcome, rules).Reasons, r => r.StartsWith("unstable:", StringComparison.Ordinal));
        Assert.EndsWith("(stopped at max_duration 4s or max_queries 1000000)", unsteady);
    }

    [Fact]
    public void Should_Record_Each_Query_Latency_Between_Its_Own_Timestamps()
    {
        var query = Taking(5);
        var outcome = MeasurementLoop.Run(ref query, time.Clock, Rules(5, TimeSpan.FromMilliseconds(1)));
        var summary = LatencyStatistics.Summarize(outcome.Samples);
        Assert.Equal(5, summary.Count);
        Assert.Equal(5, summary.Min, 9);
        Assert.Equal(5, summary.Max, 9);
    }

    [Fact]
    public void Should_Allocate_Nothing_When_Given_A_Buffer()
    {
        var query = new SpinningQuery();
        var clock = new StopwatchClock();
        var rules = Rules(10_000, TimeSpan.Zero, maxQueries: 10_000);
        var latencies = new long[rules.MaxQueries];

        // The first call may allocate while the runtime loads and compiles; the measured one must not.
        MeasurementLoop.Run(ref query, clock, rules, latencies);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var outcome = MeasurementLoop.Run(ref query, clock, rules, latencies);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(10_000, outcome.Count);
        Assert.Equal(0, allocated);
    }
}
