using System.Diagnostics;
using Harness.Measure.Loads;
using Harness.Measure.Statistics;
using Harness.Plan;

namespace Harness.Tests.Measure.Statistics;

public sealed class RunAnalyzerTests
{
    private static readonly long Ms = Stopwatch.Frequency / 1000;

    private static readonly RunRules Rules = RunRules.Defaults with { MinDuration = TimeSpan.FromSeconds(1), MinQueries = 100 };

    /// <summary>A server log: one arrival every 10 ms, each answered after <paramref name="latency"/>(i) ms, started after <paramref name="lag"/>(i) ms.</summary>
    private static LoadRun Log(int count, Func<int, double> latency, Func<int, double>? lag = null)
    {
        var log = new RequestLog(count);
        for (var i = 0; i < count; i++)
        {
            var scheduled = i * 10 * Ms;
            var late = (long)((lag?.Invoke(i) ?? 0) * Ms);
            log.Record(scheduled, scheduled + late, scheduled + (long)(latency(i) * Ms), late);
        }

        return new LoadRun(log, 1, 1, 100, 0, count, false);
    }

    [Fact]
    public void Should_Accept_A_Steady_Long_Enough_Run()
    {
        var analysis = RunAnalyzer.Analyze(Log(1000, i => 2 + (i % 3)), 0.99, TimeSpan.FromMilliseconds(10), Rules);
        Assert.True(analysis.Validity.Valid, string.Join("; ", analysis.Validity.Reasons));
        Assert.Equal(662, analysis.Validity.QueriesNeeded);
        Assert.True(analysis.Slo!.Met);
        Assert.Equal(4, analysis.Latency.Max, 6);
        Assert.InRange(analysis.AchievedQps, 99, 101);
    }

    [Fact]
    public void Should_Say_How_Many_Queries_A_Percentile_Claim_Needs()
    {
        var reasons = RunAnalyzer.Analyze(Log(300, _ => 2), 0.99, null, Rules).Validity.Reasons;
        Assert.Contains("300 queries cannot support a p99 claim at 99% confidence; at least 662 are needed", reasons);
    }

    [Fact]
    public void Should_Flag_Rising_Latency_As_Unstable_And_Over_The_Slo()
    {
        var analysis = RunAnalyzer.Analyze(Log(1000, i => 2 + (i * 0.5)), 0.99, TimeSpan.FromMilliseconds(50), Rules);
        Assert.Contains(analysis.Validity.Reasons, r => r.StartsWith("unstable:", StringComparison.Ordinal));
        Assert.False(analysis.Slo!.Met);
    }

    [Fact]
    public void Should_Invalidate_A_Run_Whose_Load_Generator_Was_Late()
    {
        var analysis = RunAnalyzer.Analyze(Log(1000, _ => 5, i => i % 20 == 0 ? 2 : 0), 0.99, null, Rules);
        Assert.Contains(analysis.Validity.Reasons, r => r.Contains("issued over 1 ms late", StringComparison.Ordinal));
        var onTime = RunAnalyzer.Analyze(Log(1000, _ => 5, i => i % 200 == 0 ? 2 : 0), 0.99, null, Rules);
        Assert.True(onTime.Validity.Valid, string.Join("; ", onTime.Validity.Reasons));
    }

    [Fact]
    public void Should_Never_Let_Unanswered_Queries_Flatter_The_Percentile()
    {
        var run = Log(1000, _ => 2) with { Unfinished = 50 };
        var analysis = RunAnalyzer.Analyze(run, 0.99, TimeSpan.FromMilliseconds(10), Rules);
        Assert.False(analysis.Slo!.Met);
        Assert.Contains(analysis.Validity.Reasons, r => r.Contains("50 queries were still waiting", StringComparison.Ordinal));
    }
}
