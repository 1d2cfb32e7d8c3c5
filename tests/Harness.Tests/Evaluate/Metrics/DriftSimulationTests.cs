using Harness.Evaluate.Metrics;
using static Harness.Tests.Evaluate.Metrics.Distributions;

namespace Harness.Tests.Evaluate.Metrics;

/// <summary>
/// Drift statistics checked by simulation against population values, apart from the unit tests.
/// Fixed seeds make them deterministic; bounds are several standard errors wide.
/// </summary>
public sealed class DriftSimulationTests
{
    /// <summary>
    /// Expected N(0, 1), actual N(0.5, 1), 100k each, decile bins. The population value is
    /// Σ (a_k − 0.1)·ln(a_k/0.1) with a_k = Φ(z_k − 0.5) − Φ(z_{k−1} − 0.5) at the standard normal
    /// deciles z_k: ≈ 0.2377, just under the unbinned Jeffreys divergence μ² = 0.25. Sampling
    /// error at this size is about 0.003.
    /// </summary>
    [Fact]
    public void PSI_Of_A_Shifted_Normal_Matches_Its_Population_Value()
    {
        double[] deciles = [-1.2815515655446008, -0.8416212335729142, -0.5244005127080407, -0.2533471031357998, 0,
            0.2533471031357998, 0.5244005127080407, 0.8416212335729144, 1.2815515655446008];
        double population = 0;
        for (var k = 0; k <= deciles.Length; k++)
        {
            var upper = k < deciles.Length ? NormalCdf(deciles[k] - 0.5) : 1;
            var lower = k > 0 ? NormalCdf(deciles[k - 1] - 0.5) : 0;
            population += (upper - lower - 0.1) * Math.Log((upper - lower) / 0.1);
        }

        Assert.Equal(0.237749, population, 5);
        var psi = PopulationStabilityIndex.Compute(Normal(100_000, 0, seed: 11), Normal(100_000, 0.5, seed: 12));
        Assert.InRange(psi, population - 0.01, population + 0.01);
    }

    /// <summary>
    /// Under the null (both samples N(0, 1), 200 each) p-values are close to uniform, so
    /// about 5% fall below 0.05 (binomial standard error over 400 trials ≈ 1.1%); a shift of one
    /// standard deviation is found with an overwhelming p-value.
    /// </summary>
    [Fact]
    public void KS_P_Values_Are_Calibrated_Under_The_Null_And_Small_Under_A_Shift()
    {
        var rejections = 0;
        for (var r = 0; r < 400; r++)
        {
            if (KolmogorovSmirnov.Test(Normal(200, 0, seed: 2 * r), Normal(200, 0, seed: (2 * r) + 1)).PValue < 0.05)
            {
                rejections++;
            }
        }

        Assert.InRange(rejections / 400.0, 0.02, 0.08);
        Assert.True(KolmogorovSmirnov.Test(Normal(200, 0, seed: 1), Normal(200, 1, seed: 2)).PValue < 1e-6);
    }
}
