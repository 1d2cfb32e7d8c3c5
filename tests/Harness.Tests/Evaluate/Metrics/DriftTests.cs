using Harness.Evaluate.Metrics;

namespace Harness.Tests.Evaluate.Metrics;

public sealed class DriftTests
{
    [Fact]
    public void PSI_Of_Identical_Samples_Is_Zero()
    {
        var sample = Distributions.Normal(5000, 0, seed: 1);
        Assert.Equal(0, PopulationStabilityIndex.Compute(sample, sample));
    }

    [Fact]
    public void PSI_Is_Exact_For_A_Small_Case()
    {
        // Expected 1..10, two bins: the cut is the median 5.5, so expected fractions are [0.5, 0.5].
        // Actual has 3 of 10 values ≤ 5.5: fractions [0.3, 0.7].
        // PSI = (0.3 − 0.5)·ln(0.3/0.5) + (0.7 − 0.5)·ln(0.7/0.5) = 0.2·ln(5/3) + 0.2·ln(1.4) ≈ 0.16946.
        double[] expected = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        double[] actual = [1, 2, 3, 6, 7, 8, 9, 10, 11, 12];
        var result = PopulationStabilityIndex.Evaluate(expected, actual, bins: 2);
        Assert.Equal([5.5], result.Edges);
        Assert.Equal((0.2 * Math.Log(5.0 / 3)) + (0.2 * Math.Log(1.4)), result.Value, 12);
    }

    [Fact]
    public void PSI_Floors_Empty_Bins_At_Epsilon()
    {
        // Every actual value lies above the cut: actual fractions [0, 1] → [1e-4, 1].
        // PSI = (1e-4 − 0.5)·ln(1e-4/0.5) + (1 − 0.5)·ln(1/0.5).
        double[] expected = [1, 2, 3, 4];
        double[] actual = [10, 11];
        var psi = PopulationStabilityIndex.Compute(expected, actual, bins: 2);
        Assert.Equal(((1e-4 - 0.5) * Math.Log(1e-4 / 0.5)) + (0.5 * Math.Log(2)), psi, 12);
    }

    [Fact]
    public void PSI_Merges_Tied_Cut_Points()
    {
        // Scores saturated at 1: most deciles coincide, leaving only distinct cuts.
        double[] expected = [0.2, 0.5, 1, 1, 1, 1, 1, 1, 1, 1];
        var result = PopulationStabilityIndex.Evaluate(expected, expected);
        Assert.Equal(result.Edges.Distinct().Count(), result.Edges.Count);
        Assert.Equal(0, result.Value);
    }

    [Fact]
    public void KS_Statistic_Is_Exact_With_Ties()
    {
        // a = {1 2 3 4}, b = {3 4 5 6 7}. CDF gaps after each distinct value:
        //   1: 1/4 − 0 = .25   2: 2/4 − 0 = .5   3: 3/4 − 1/5 = .55   4: 1 − 2/5 = .6   5: 1 − 3/5 = .4 …
        // D = 0.6. (Stepping only one sample at the tied 3 would wrongly give 3/4.)
        double[] a = [4, 2, 3, 1];
        double[] b = [3, 4, 5, 6, 7];
        var result = KolmogorovSmirnov.Test(a, b);
        Assert.Equal(0.6, result.Statistic, 12);
        Assert.Equal(result.Statistic, KolmogorovSmirnov.Test(b, a).Statistic, 12);
        // nₑ = 20/9; λ = (√nₑ + 0.12 + 0.11/√nₑ)·0.6 ≈ 1.01070; Q(λ) ≈ 0.25870 by the 200-term series.
        Assert.Equal(0.25870, result.PValue, 4);
    }

    [Fact]
    public void KS_Survival_Function_Matches_Kolmogorov_Table()
    {
        // Classic critical values: Q(1.224) = 0.10, Q(1.358) = 0.05, Q(1.628) = 0.01; and the
        // small-λ branch: Q(0.5) ≈ 0.963945, Q(1.0) ≈ 0.270000 (series summed to 200 terms).
        Assert.Equal(0.10, KolmogorovSmirnov.SurvivalFunction(1.224), 3);
        Assert.Equal(0.05, KolmogorovSmirnov.SurvivalFunction(1.358), 3);
        Assert.Equal(0.01, KolmogorovSmirnov.SurvivalFunction(1.628), 3);
        Assert.Equal(0.963945, KolmogorovSmirnov.SurvivalFunction(0.5), 6);
        Assert.Equal(0.270000, KolmogorovSmirnov.SurvivalFunction(1.0), 6);
        Assert.Equal(1, KolmogorovSmirnov.SurvivalFunction(0));
        // The two branches meet at 1.18.
        Assert.Equal(KolmogorovSmirnov.SurvivalFunction(1.18 - 1e-12), KolmogorovSmirnov.SurvivalFunction(1.18), 9);
    }

    [Fact]
    public void KS_Of_Identical_Samples_Is_Zero_With_P_One()
    {
        var sample = Distributions.Normal(500, 0, seed: 3);
        var result = KolmogorovSmirnov.Test(sample, sample);
        Assert.Equal(0, result.Statistic);
        Assert.Equal(1, result.PValue);
    }

    [Fact]
    public void Accuracy_Drop_Is_Positive_When_Worse_For_Either_Direction()
    {
        // Accuracy 0.9 → 0.72: drop 0.18, relative 0.18/0.9 = 0.2.
        var accuracy = AccuracyDrop.Between("top1", MetricDirection.HigherIsBetter, 0.9, 0.72);
        Assert.Equal(0.18, accuracy.Absolute, 12);
        Assert.Equal(0.2, accuracy.Relative, 12);
        // CER 0.05 → 0.08 is worse too: 0.03, relative 0.6.
        var cer = AccuracyDrop.Between("cer", MetricDirection.LowerIsBetter, 0.05, 0.08);
        Assert.Equal(0.03, cer.Absolute, 12);
        Assert.Equal(0.6, cer.Relative, 12);
        Assert.True(double.IsNaN(AccuracyDrop.Between("cer", MetricDirection.LowerIsBetter, 0, 0.1).Relative));
    }

    [Fact]
    public void Accuracy_Drop_Computes_The_Metric_On_Both_Sets()
    {
        SequencePrediction[] clean = [new("ab", "ab"), new("cd", "cd")];
        SequencePrediction[] shifted = [new("ab", "ab"), new("cd", "cx")];
        var drop = AccuracyDrop.Of(new ExactMatch(), clean, shifted);
        Assert.Equal(new AccuracyDrop("exact_match", MetricDirection.HigherIsBetter, 1, 0.5, 0.5, 0.5), drop);
    }
}
