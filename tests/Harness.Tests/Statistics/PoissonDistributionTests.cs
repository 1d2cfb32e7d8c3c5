using Harness.Statistics;

namespace Harness.Tests.Statistics;

public sealed class PoissonDistributionTests
{
    [Theory]
    [InlineData(10, 0.05, 4, 17)]      // R: qpois(c(0.025, 0.975), 10)
    [InlineData(110, 0.01, 84, 138)]   // qpois(c(0.005, 0.995), 110)
    [InlineData(1000, 0.001, 898, 1106)]
    public void Should_Give_The_Central_Interval_Of_The_Poisson_Quantiles(double mean, double alpha, long low, long high)
    {
        Assert.Equal((low, high), PoissonDistribution.CentralInterval(mean, alpha));
    }

    [Fact]
    public void Should_Not_Underflow_For_Large_Means()
    {
        var (low, high) = PoissonDistribution.CentralInterval(50_000, 0.001);
        // Normal approximation: 50,000 ± 3.29 · √50,000 ≈ ± 736.
        Assert.InRange(low, 49_250, 49_280);
        Assert.InRange(high, 50_720, 50_750);
    }

    /// <summary>
    /// Simulation: counts of a seeded Poisson process fall outside the interval at most α of the
    /// time; for Poisson(40) at α = 5% exactly 3.93%, the discreteness of the counts taking the rest.
    /// </summary>
    [Fact]
    public void Should_Hold_Poisson_Counts_Outside_At_Most_Alpha_Of_The_Time()
    {
        const double mean = 40, alpha = 0.05;
        var (low, high) = PoissonDistribution.CentralInterval(mean, alpha);
        var random = new Random(11);
        var outside = 0;
        const int draws = 20_000;
        for (var d = 0; d < draws; d++)
        {
            // Count exponential gaps within one unit of time at rate `mean`.
            var count = 0;
            for (var t = -Math.Log(1 - random.NextDouble()) / mean; t < 1; t += -Math.Log(1 - random.NextDouble()) / mean)
            {
                count++;
            }

            outside += count < low || count > high ? 1 : 0;
        }

        Assert.InRange(outside / (double)draws, 0.034, 0.045);
        Assert.True(outside / (double)draws <= alpha);
    }
}
