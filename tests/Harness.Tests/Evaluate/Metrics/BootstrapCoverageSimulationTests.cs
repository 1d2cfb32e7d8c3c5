using Harness.Evaluate.Metrics;
using Xunit.Abstractions;
using static Harness.Tests.Evaluate.Metrics.TestPredictions;

namespace Harness.Tests.Evaluate.Metrics;

/// <summary>
/// Statistical properties checked by simulation, apart from the unit tests: fixed seeds make
/// them deterministic, and bounds are set several standard errors wide so a correct
/// implementation never sits near them.
/// </summary>
public sealed class BootstrapCoverageSimulationTests(ITestOutputHelper output)
{
    /// <summary>
    /// A 95% interval should contain the true accuracy in about 95% of experiments. 1000 datasets
    /// of 500 Bernoulli(0.8) outcomes, B = 500 each: the coverage fraction has a standard error of
    /// √(0.95·0.05/1000) ≈ 0.007, and the percentile bootstrap of a proportion at n = 500 is known
    /// to undercover slightly (≈ 0.94), so [0.91, 0.98] accepts a correct bootstrap with margin and
    /// rejects a wrong quantile or a biased resampler (which land near 0.68 or 1.0).
    /// </summary>
    [Fact]
    public void Interval_For_Top1_Covers_The_True_Accuracy_About_95_Percent_Of_The_Time()
    {
        const double p = 0.8;
        const int repetitions = 1000;
        var covered = 0;
        var metric = new Top1Accuracy();
        var predictions = new ClassificationPrediction[500];
        var right = Binary(0.9, correct: true);
        var wrong = Binary(0.9, correct: false);
        for (var r = 0; r < repetitions; r++)
        {
            var random = new Random(10_000 + r);
            for (var i = 0; i < predictions.Length; i++)
            {
                predictions[i] = random.NextDouble() < p ? right : wrong;
            }

            if (Bootstrap.Interval(predictions, metric, resamples: 500, seed: r).Contains(p))
            {
                covered++;
            }
        }

        var coverage = (double)covered / repetitions;
        output.WriteLine($"coverage of 95% intervals: {coverage:F3} over {repetitions} datasets");
        Assert.InRange(coverage, 0.91, 0.98);
    }
}
