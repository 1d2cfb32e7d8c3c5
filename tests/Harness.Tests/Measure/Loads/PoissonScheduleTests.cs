using System.Diagnostics;
using Harness.Measure.Loads;

namespace Harness.Tests.Measure.Loads;

public sealed class PoissonScheduleTests
{
    /// <summary>
    /// Simulation: gaps of a Poisson process at rate λ are exponential, mean and standard deviation
    /// 1/λ; counts in fixed windows have variance equal to their mean (dispersion index 1).
    /// </summary>
    [Fact]
    public void Should_Have_Exponential_Gaps_And_Poisson_Counts()
    {
        const double qps = 1000;
        var offsets = PoissonSchedule.Offsets(qps, 200_000, seed: 7);
        var gaps = new double[offsets.Length];
        for (var i = 0; i < offsets.Length; i++)
        {
            gaps[i] = (offsets[i] - (i == 0 ? 0 : offsets[i - 1])) / (double)Stopwatch.Frequency;
        }

        var mean = gaps.Average();
        var sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Length - 1));
        Assert.InRange(mean, 0.99 / qps, 1.01 / qps);
        Assert.InRange(sd, 0.98 / qps, 1.02 / qps);
        // P(gap > 3/λ) = e^-3 for an exponential.
        Assert.InRange(gaps.Count(g => g > 3 / qps) / (double)gaps.Length, Math.Exp(-3) * 0.95, Math.Exp(-3) * 1.05);

        var window = Stopwatch.Frequency / 100; // 10 ms windows: 10 arrivals expected in each
        var counts = offsets.GroupBy(o => o / window).Select(g => (double)g.Count()).SkipLast(1).ToArray();
        var countMean = counts.Average();
        var dispersion = counts.Sum(c => (c - countMean) * (c - countMean)) / (counts.Length - 1) / countMean;
        Assert.InRange(countMean, 9.8, 10.2);
        Assert.InRange(dispersion, 0.93, 1.07);
    }

    [Fact]
    public void Should_Repeat_For_The_Same_Seed_Only()
    {
        Assert.Equal(PoissonSchedule.Offsets(50, 1000, 3), PoissonSchedule.Offsets(50, 1000, 3));
        Assert.NotEqual(PoissonSchedule.Offsets(50, 1000, 3), PoissonSchedule.Offsets(50, 1000, 4));
    }
}
