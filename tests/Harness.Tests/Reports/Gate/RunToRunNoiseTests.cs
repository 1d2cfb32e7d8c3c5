using Harness.Reports.Gate;

namespace Harness.Tests.Reports.Gate;

public sealed class RunToRunNoiseTests
{
    private static double[] Constant(double ms, int n) => Enumerable.Repeat(ms, n).ToArray();

    [Fact]
    public void Is_the_one_sided_prediction_bound_of_one_more_run_from_the_runs_log_percentiles()
    {
        // ln 1, ln 1.1: s = ln(1.1)/√2; t(0.975, 1) = 12.7062; √(1 + 1/2).
        var bound = RunToRunNoise.Bound([Constant(1.0, 200), Constant(1.1, 200)], 0.5, 1);

        Assert.Equal(Math.Exp(12.7062047 * (Math.Log(1.1) / Math.Sqrt(2)) * Math.Sqrt(1.5)) - 1, bound!.Value, 5);
        Assert.Equal(0, RunToRunNoise.Bound([Constant(2.0, 200), Constant(2.0, 200), Constant(2.0, 200)], 0.5, 1)!.Value, 12);
    }

    [Fact]
    public void Is_unknown_for_one_run_or_runs_too_short_to_claim_the_percentile()
    {
        Assert.Null(RunToRunNoise.Bound([Constant(1.0, 1000)], 0.5, 1));
        Assert.Null(RunToRunNoise.Bound([Constant(1.0, 1000), Constant(1.1, 600)], 0.99, 662));
        Assert.NotNull(RunToRunNoise.Bound([Constant(1.0, 1000), Constant(1.1, 700)], 0.99, 662));
    }

    [Fact]
    public void Passes_a_run_of_the_same_build_by_chance_about_one_time_in_forty()
    {
        var random = new Random(5);
        var beyond = 0;
        const int Trials = 4000;
        for (var trial = 0; trial < Trials; trial++)
        {
            // Five baseline runs and one more, each a whole-run log-normal shift of σ 3%.
            var runs = Enumerable.Range(0, 6).Select(_ => Constant(Math.Exp(0.03 * LatencyDistributions.StandardNormal(random)), 10)).ToArray();
            var bound = RunToRunNoise.Bound(runs[..5], 0.5, 1)!.Value;
            var geometricMean = Math.Exp(runs[..5].Average(r => Math.Log(r[0])));
            beyond += runs[5][0] / geometricMean > 1 + bound ? 1 : 0;
        }

        Assert.InRange(beyond / (double)Trials, 0.015, 0.035);
    }

    [Fact]
    public void A_move_within_the_baselines_own_noise_is_inconclusive_and_says_why()
    {
        // Three steady baseline runs spread over 8%; the current run 7% slower than their pool, every request alike.
        var baseline = new[] { Constant(1.0, 1000), Constant(1.08, 1000), Constant(1.04, 1000) };
        var current = Constant(1.04 * 1.07, 1000);

        var severalRuns = LatencyGate.Judge("m/fp32/cpu/single-stream", baseline, current, GateConfig.Default);
        var oneRun = LatencyGate.Judge("m/fp32/cpu/single-stream", [Constant(1.04, 3000)], current, GateConfig.Default);

        Assert.Equal(GateVerdict.Inconclusive, severalRuns.Verdict);
        Assert.Contains("the baseline's 3 runs vary so much that a run of the same build may move that far", severalRuns.Median!.Reason, StringComparison.Ordinal);
        Assert.True(severalRuns.Median.RunNoise > 0.07);
        Assert.Equal(GateVerdict.Regression, oneRun.Verdict);
        Assert.Null(oneRun.Median!.RunNoise);
    }
}
