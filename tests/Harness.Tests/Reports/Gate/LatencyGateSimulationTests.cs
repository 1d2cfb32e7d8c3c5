using Harness.Reports.Gate;

namespace Harness.Tests.Reports.Gate;

/// <summary>
/// The gate's error rates on known distributions, over many seeded pairs of runs: how often it
/// cries wolf when nothing changed, how often it catches a 10% slowdown, and that a 3% slowdown
/// is never called an improvement. Each pair has 2,000 requests a side (a short CI run), and the
/// gate runs with the shipped defaults but fewer resamples, to stay fast. These are the
/// statistics alone: two runs drawn from one distribution. Real runs also shift between runs,
/// which the real trials measure (tests/GateTrials).
/// </summary>
public sealed class LatencyGateSimulationTests
{
    private const int Trials = 60;
    private const int Requests = 2000;
    private static readonly GateConfig Config = GateConfig.Default with { Resamples = 200 };

    public static TheoryData<string> Shapes => ["log-normal with outliers", "bimodal"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Should_Raise_No_Regression_When_Nothing_Changed(string shape)
    {
        var counts = Run(shape, slowdown: 1.0, seed: 11);

        // At a 1% rank test and a 99% interval that must clear 5%, a false alarm needs a 5% move by chance: none in 60 pairs.
        Assert.Equal(0, counts[GateVerdict.Regression]);
        Assert.Equal(0, counts[GateVerdict.Improvement]);
        Assert.True(counts[GateVerdict.Pass] >= Trials * 0.95, Describe(counts));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Should_Detect_A_Ten_Percent_Slowdown(string shape)
    {
        var counts = Run(shape, slowdown: 1.10, seed: 23);

        Assert.True(counts[GateVerdict.Regression] >= Trials * 0.95, Describe(counts));
        Assert.Equal(0, counts[GateVerdict.Improvement] + counts[GateVerdict.Pass]);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Should_Never_Call_A_Three_Percent_Slowdown_An_Improvement(string shape)
    {
        var counts = Run(shape, slowdown: 1.03, seed: 37);

        Assert.Equal(0, counts[GateVerdict.Improvement]);
        // 3% is inside the 5% band: a pass or, where chance pushes the estimate past 5%, inconclusive; never a regression.
        Assert.Equal(0, counts[GateVerdict.Regression]);
    }

    [Fact]
    public void Should_Call_A_Ten_Percent_Speed_Up_An_Improvement()
    {
        var counts = Run("log-normal with outliers", slowdown: 1 / 1.10, seed: 41);

        Assert.True(counts[GateVerdict.Improvement] >= Trials * 0.95, Describe(counts));
    }

    [Fact]
    public void Should_Not_Cry_Wolf_When_Whole_Runs_Shift_Against_A_Baseline_Of_Several_Runs()
    {
        // Each run as a whole 5% (σ) faster or slower, as on a shared machine: the interval within a run cannot see that.
        var withNoise = RunShifted(runShift: 0.05, slowdown: 1.0, seed: 53, pooledOnly: false);
        var pooledOnly = RunShifted(runShift: 0.05, slowdown: 1.0, seed: 53, pooledOnly: true);

        // The run-to-run bound lets a run of the same build past it one time in 40 a side: at most 3 of 60.
        Assert.True(withNoise[GateVerdict.Regression] <= 3, Describe(withNoise));
        Assert.True(withNoise[GateVerdict.Improvement] <= 3, Describe(withNoise));
        // The same pairs judged on the pooled latencies alone: the run shifts pass for regressions.
        Assert.True(pooledOnly[GateVerdict.Regression] >= 5, Describe(pooledOnly));
    }

    [Fact]
    public void Should_Still_Detect_A_Ten_Percent_Slowdown_When_Runs_Shift_A_Little()
    {
        // At σ 1.5% between runs, five baseline runs put their bound near the 5% threshold.
        var counts = RunShifted(runShift: 0.015, slowdown: 1.10, seed: 59, pooledOnly: false);

        Assert.True(counts[GateVerdict.Regression] >= Trials * 0.9, Describe(counts));
        Assert.Equal(0, counts[GateVerdict.Improvement] + counts[GateVerdict.Pass]);
    }

    /// <summary>Five baseline runs and one current run of log-normal latencies, each run scaled by its own log-normal shift of σ <paramref name="runShift"/>.</summary>
    private static Dictionary<GateVerdict, int> RunShifted(double runShift, double slowdown, int seed, bool pooledOnly)
    {
        var counts = Enum.GetValues<GateVerdict>().ToDictionary(v => v, _ => 0);
        var random = new Random(seed);
        double Shift() => Math.Exp(runShift * LatencyDistributions.StandardNormal(random));
        for (var trial = 0; trial < Trials; trial++)
        {
            var baseline = Enumerable.Range(0, 5).Select(_ => Draw("log-normal with outliers", random, Shift())).ToArray();
            var current = Draw("log-normal with outliers", random, slowdown * Shift());
            var config = Config with { Seed = trial };
            var verdict = pooledOnly
                ? LatencyGate.Judge("m/fp32/cpu/single-stream", [.. baseline.SelectMany(r => r)], current, baseline.Length, config)
                : LatencyGate.Judge("m/fp32/cpu/single-stream", baseline, current, config);
            counts[verdict.Verdict]++;
        }

        return counts;
    }

    private static Dictionary<GateVerdict, int> Run(string shape, double slowdown, int seed)
    {
        var counts = Enum.GetValues<GateVerdict>().ToDictionary(v => v, _ => 0);
        var random = new Random(seed);
        for (var trial = 0; trial < Trials; trial++)
        {
            var baseline = Draw(shape, random, 1.0);
            var current = Draw(shape, random, slowdown);
            counts[LatencyGate.Judge("m/fp32/cpu/single-stream", baseline, current, 1, Config with { Seed = trial }).Verdict]++;
        }

        return counts;
    }

    private static double[] Draw(string shape, Random random, double scale) => shape == "bimodal"
        ? LatencyDistributions.Bimodal(random, Requests, 0.8 * scale)
        : LatencyDistributions.LogNormalWithOutliers(random, Requests, 0.8 * scale);

    private static string Describe(Dictionary<GateVerdict, int> counts) => string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));
}
