using Harness.Reports.Gate;

namespace Harness.Tests.Reports.Gate;

/// <summary>
/// Runs measured in turns: a machine that runs a third slower for part of the pairs moves both
/// runs of each pair alike, so the paired gate still sees the model's change, where pooling the
/// same runs cannot.
/// </summary>
public sealed class PairedComparisonTests : IDisposable
{
    private const string Id = "ppocr-cls/fp32/cpu/single-stream";
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private readonly string folder = Directory.CreateTempSubdirectory("harness-paired-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(7, 0)]
    [InlineData(8, 1)]
    [InlineData(11, 1)]
    [InlineData(12, 2)]
    [InlineData(20, 4)]
    public void The_sign_tests_rank_keeps_each_tail_within_half_a_percent(int pairs, int rank) =>
        Assert.Equal(rank, PairedComparison.SignTestRank(pairs, 0.005));

    [Fact]
    public void A_slowdown_measured_in_turns_is_a_regression_while_the_machine_changes_speed_between_pairs()
    {
        var (baseline, current) = MeasureInTurns(pairs: 12, slowdown: 1.10, straddled: 5);

        var paired = PairedComparison.Compare(baseline, current, GateConfig.Default);
        var pooled = BaselineComparison.Compare(baseline, current.Runs[^1], GateConfig.Default);

        var verdict = Assert.Single(paired.Measurements);
        Assert.Equal(GateVerdict.Regression, verdict.Verdict);
        Assert.Contains("slower (12 pairs measured in turns) and the whole interval is past +5%", verdict.Median!.Reason, StringComparison.Ordinal);
        Assert.InRange(verdict.Median.Ratio.Ratio, 1.07, 1.13);
        // The last current run, made on the fast machine, against all baseline runs pooled: the machine's change decides.
        Assert.NotEqual(GateVerdict.Regression, Assert.Single(pooled.Measurements).Verdict);
    }

    [Fact]
    public void The_same_build_measured_in_turns_passes()
    {
        var (baseline, current) = MeasureInTurns(pairs: 12, slowdown: 1.0, straddled: 5);

        Assert.Equal(GateVerdict.Pass, Assert.Single(PairedComparison.Compare(baseline, current, GateConfig.Default).Measurements).Verdict);
    }

    [Fact]
    public void Too_few_pairs_for_an_interval_are_inconclusive_and_unequal_sides_are_refused()
    {
        var (baseline, current) = MeasureInTurns(pairs: 5, slowdown: 1.10, straddled: -1);

        var verdict = Assert.Single(PairedComparison.Compare(baseline, current, GateConfig.Default).Measurements);
        Assert.Equal(GateVerdict.Inconclusive, verdict.Verdict);
        Assert.Contains("p50: 5 pairs give no interval at 99% confidence; measure more pairs", verdict.Reasons);

        var error = Assert.Throws<GateInputException>(() => PairedComparison.Compare(baseline, new GateBaseline("now", current.Runs.Take(4).ToList()), GateConfig.Default));
        Assert.Contains("5 baseline and 4 current runs", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Pairs of runs a minute apart: the machine runs at full speed, except that from pair
    /// <paramref name="straddled"/> on it is a third slower; that pair's baseline run is the last at full speed.
    /// </summary>
    private (GateBaseline Baseline, GateBaseline Current) MeasureInTurns(int pairs, double slowdown, int straddled)
    {
        var before = new List<GatedRun>();
        var after = new List<GatedRun>();
        for (var i = 0; i < pairs; i++)
        {
            var machine = straddled >= 0 && i > straddled ? 1.33 : 1.0;
            var machineAfter = straddled >= 0 && i >= straddled ? 1.33 : 1.0;
            before.Add(Write($"base-{i}", 0.66 * machine, Start.AddMinutes(2 * i), 100 + i));
            after.Add(Write($"now-{i}", 0.66 * machineAfter * slowdown, Start.AddMinutes((2 * i) + 1), 200 + i));
        }

        return (new GateBaseline("base", before), new GateBaseline("now", after));
    }

    private GatedRun Write(string name, double medianMs, DateTimeOffset startedAt, int seed) =>
        GatedRun.Read(GateRuns.Write(Path.Combine(folder, name), name, new Dictionary<string, double[]> { [Id] = GateRuns.LogNormal(seed, medianMs) }, startedAt: startedAt));
}
