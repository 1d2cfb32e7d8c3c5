using Harness.Statistics;

namespace Harness.Tests.Statistics;

public sealed class MannKendallTests
{
    [Fact]
    public void Should_Count_Permutations_By_Inversions()
    {
        Assert.Equal([1, 3, 5, 6, 5, 3, 1], MannKendall.InversionCounts(4));
        Assert.Equal(40_320, MannKendall.InversionCounts(8).Sum());
    }

    [Fact]
    public void Should_Give_The_Exact_Tail_Of_A_Monotone_Series()
    {
        Assert.Equal(1 / 40_320.0, MannKendall.UpwardTrendPValue([1, 2, 3, 4, 5, 6, 7, 8]), 12);
        Assert.Equal(1.0, MannKendall.UpwardTrendPValue([8, 7, 6, 5, 4, 3, 2, 1]));
        // One swapped pair: S = 28 − 2, and 1 + 7 of the 40,320 orderings do as well.
        Assert.Equal(8 / 40_320.0, MannKendall.UpwardTrendPValue([1, 2, 4, 3, 5, 6, 7, 8]), 12);
    }

    /// <summary>
    /// Simulation: on series without a trend the test rejects at most α of the time. For 8 values at
    /// α = 5% the largest attainable level below it is 3.05% (1,230 of the 40,320 orderings).
    /// </summary>
    [Fact]
    public void Should_Reject_Trendless_Series_At_Most_Alpha_Of_The_Time()
    {
        var random = new Random(5);
        const int trials = 20_000;
        var rejected = 0;
        var series = new double[8];
        for (var t = 0; t < trials; t++)
        {
            for (var i = 0; i < series.Length; i++)
            {
                series[i] = random.NextDouble();
            }

            rejected += MannKendall.UpwardTrendPValue(series) <= 0.05 ? 1 : 0;
        }

        Assert.InRange(rejected / (double)trials, 0.026, 0.035);
    }
}
