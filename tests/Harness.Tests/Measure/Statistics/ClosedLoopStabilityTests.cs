using Harness.Measure.Loads;
using Harness.Measure.Statistics;

namespace Harness.Tests.Measure.Statistics;

public sealed class ClosedLoopStabilityTests
{
    /// <summary>Ticks of a microsecond in these logs.</summary>
    private const long TicksPerSecond = 1_000_000;

    /// <summary>A back-to-back closed loop whose i-th query takes latency(i) ticks.</summary>
    private static RequestLog Loop(int count, Func<int, long> latency)
    {
        var latencies = new long[count];
        for (var i = 0; i < count; i++)
        {
            latencies[i] = latency(i);
        }

        return RequestLog.FromClosedLoop(latencies, start: 0);
    }

    /// <summary>11/10 − 1 is 0.10000000000000009 in doubles: compared as a float, a 10% gap failed a 10% tolerance.</summary>
    [Fact]
    public void Should_Agree_At_The_Tolerance_Exactly()
    {
        Assert.True(ClosedLoopStability.Agree([10, 11], 0.10));
        Assert.True(ClosedLoopStability.Agree([1_000_000_000, 1_100_000_000, 1_050_000_000], 0.10));
        Assert.False(ClosedLoopStability.Agree([10, 12], 0.10));
        Assert.False(ClosedLoopStability.Agree([1_000_000_000, 1_100_000_001], 0.10));
        Assert.True(ClosedLoopStability.Agree([7, 7, 7], 0));
    }

    [Fact]
    public void Should_Accept_Windows_Exactly_At_The_Tolerance()
    {
        // 600 queries: six windows of 100. The last three take 1,000, 1,100 and 1,000 ticks a query,
        // so their durations and medians differ by exactly 10%.
        var log = Loop(600, i => i / 100 == 4 ? 1_100 : 1_000);
        Assert.Null(ClosedLoopStability.Judge(log, 0.10, TicksPerSecond));
        Assert.NotNull(ClosedLoopStability.Judge(log, 0.099, TicksPerSecond));
    }

    /// <summary>A 20 ms run of fast queries with one 5 ms preemption: windows that short time the scheduler, not the system.</summary>
    [Fact]
    public void Should_Not_Judge_Windows_Too_Short_To_Mean_Anything()
    {
        var log = Loop(20_000, i => i == 19_000 ? 5_000 : 1);
        Assert.Null(ClosedLoopStability.Judge(log, 0.10, TicksPerSecond));
    }

    /// <summary>Windows of 10 and 11 queries say nothing: one query is 10% of a window. Such a run is not judged.</summary>
    [Fact]
    public void Should_Not_Judge_Windows_Of_Too_Few_Queries()
    {
        var log = Loop(64, i => 1_000_000 + (i % 7 * 100_000));
        Assert.Null(ClosedLoopStability.Judge(log, 0.10, TicksPerSecond));
    }

    [Fact]
    public void Should_Flag_A_System_That_Slowed_Down()
    {
        var log = Loop(600, i => i < 500 ? 1_000_000 : 1_300_000);
        var reason = ClosedLoopStability.Judge(log, 0.10, TicksPerSecond);
        Assert.NotNull(reason);
        Assert.StartsWith("unstable: over the last 3 windows of 100 queries", reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// A fast target's 6 µs against 5 µs is the clock's and the scheduler's grain, not the system
    /// changing; the same pattern in tens of milliseconds is a change. In both, every window takes as long.
    /// </summary>
    [Fact]
    public void Should_Let_Medians_Within_The_Clocks_Grain_Agree()
    {
        // The last window alternates 5 and 7 µs (mean 6, lower median 5); the others are all 6.
        static RequestLog Pattern(long scale) => Loop(600_000, i => scale * (i < 500_000 ? 6 : i % 2 == 0 ? 5 : 7));
        Assert.Null(ClosedLoopStability.Judge(Pattern(1), 0.10, TicksPerSecond));
        var reason = ClosedLoopStability.Judge(Pattern(10_000), 0.10, TicksPerSecond);
        Assert.NotNull(reason);
        Assert.Contains("throughput varies by 0.0% and median latency by 20.0% (limit 10%)", reason, StringComparison.Ordinal);
    }

    /// <summary>Concurrent clients log in claim order; the windows follow completions.</summary>
    [Fact]
    public void Should_Window_By_Completion_Time()
    {
        var log = new RequestLog(600);
        for (var i = 0; i < 600; i++)
        {
            // Pairs logged out of order, each taking 2,000 ticks, one pair completing every 2,000.
            var pair = i / 2;
            var scheduled = (pair * 2_000L) + ((i % 2) == 0 ? 10 : 0);
            log.Record(scheduled, scheduled, scheduled + 2_000, 0);
        }

        Assert.Null(ClosedLoopStability.Judge(log, 0.10, TicksPerSecond));
    }
}
