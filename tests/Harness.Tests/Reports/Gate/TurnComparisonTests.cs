using Harness.Reports.Gate;

namespace Harness.Tests.Reports.Gate;

/// <summary>
/// The in-turns comparison on simulated turns: 30 turns a side of 130 log-normal latencies (with
/// outliers), where the machine turns a third slower part-way through and stays so, as this host
/// does for minutes. The change falls between the two turns of one round, so that round's turns
/// saw different speeds: the case that moved a pooled median ×1.069 in a real A/A.
/// </summary>
public sealed class TurnComparisonTests
{
    private const int Trials = 60;
    private const int Turns = 30;
    private const int PerTurn = 130;
    private const string Id = "m/fp32/cpu/single-stream";
    private static readonly GateConfig Config = GateConfig.Default with { Resamples = 200 };

    [Fact]
    public void Nothing_changed_is_never_a_regression_nor_an_improvement_though_the_machine_slowed_mid_run()
    {
        var counts = Run(slowdown: 1.0, seed: 71);

        Assert.Equal(0, counts[GateVerdict.Regression] + counts[GateVerdict.Improvement]);
        Assert.True(counts[GateVerdict.Pass] >= Trials * 0.95, Describe(counts));
    }

    [Fact]
    public void A_ten_percent_slowdown_is_a_regression_though_the_machine_slowed_mid_run()
    {
        var counts = Run(slowdown: 1.10, seed: 73);

        Assert.True(counts[GateVerdict.Regression] >= Trials * 0.95, Describe(counts));
        Assert.Equal(0, counts[GateVerdict.Improvement] + counts[GateVerdict.Pass]);
    }

    [Fact]
    public void A_three_percent_slowdown_is_never_an_improvement_nor_a_regression()
    {
        var counts = Run(slowdown: 1.03, seed: 79);

        Assert.Equal(0, counts[GateVerdict.Improvement] + counts[GateVerdict.Regression]);
    }

    [Fact]
    public void Too_few_turns_for_an_interval_fall_back_to_the_pooled_median_and_say_so()
    {
        var random = new Random(83);
        var (baseline, baselineTurns, current, currentTurns) = Simulate(random, 1.0, turns: 6);

        var verdict = TurnComparison.Judge(Id, baseline, baselineTurns, current, currentTurns, Config);

        Assert.Contains("p50 judged on the latencies pooled: 6 pairs of turns give no interval at 99% confidence", verdict.Reasons);
    }

    private static Dictionary<GateVerdict, int> Run(double slowdown, int seed)
    {
        var counts = Enum.GetValues<GateVerdict>().ToDictionary(v => v, _ => 0);
        var random = new Random(seed);
        for (var trial = 0; trial < Trials; trial++)
        {
            var (baseline, baselineTurns, current, currentTurns) = Simulate(random, slowdown, Turns);
            counts[TurnComparison.Judge(Id, baseline, baselineTurns, current, currentTurns, Config with { Seed = trial }).Verdict]++;
        }

        return counts;
    }

    /// <summary>Both sides' latencies turn by turn; from a drawn round on, a third slower; in that round the current side's turn is already slow and the baseline's not.</summary>
    private static (double[] Baseline, int[] BaselineTurns, double[] Current, int[] CurrentTurns) Simulate(Random random, double slowdown, int turns)
    {
        var change = random.Next(turns / 3, 2 * turns / 3);
        var baseline = new List<double>();
        var current = new List<double>();
        var starts = new int[turns];
        for (var turn = 0; turn < turns; turn++)
        {
            starts[turn] = turn * PerTurn;
            var baselineSpeed = turn > change ? 1.33 : 1.0;
            var currentSpeed = turn >= change ? 1.33 : 1.0;
            baseline.AddRange(LatencyDistributions.LogNormalWithOutliers(random, PerTurn, 0.65 * baselineSpeed));
            current.AddRange(LatencyDistributions.LogNormalWithOutliers(random, PerTurn, 0.65 * currentSpeed * slowdown));
        }

        return ([.. baseline], starts, [.. current], starts);
    }

    private static string Describe(Dictionary<GateVerdict, int> counts) => string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));
}
