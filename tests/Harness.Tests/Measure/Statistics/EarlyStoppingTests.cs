using Harness.Measure.Statistics;

namespace Harness.Tests.Measure.Statistics;

public sealed class EarlyStoppingTests
{
    [Theory]
    [InlineData(0.90, 64)]
    [InlineData(0.99, 662)]
    [InlineData(0.999, 6636)]
    public void Should_Need_LoadGens_Query_Counts_At_99_Percent_Confidence(double percentile, long expected) =>
        Assert.Equal(expected, EarlyStopping.MinimumQueries(percentile));

    [Fact]
    public void Should_Compute_The_Binomial_Tail_Exactly_For_A_Small_Case()
    {
        // n = 64, overflow rate 0.1: P(X <= 1) = 0.9^64 + 64 * 0.1 * 0.9^63.
        var expected = Math.Pow(0.9, 64) + (64 * 0.1 * Math.Pow(0.9, 63));
        Assert.Equal(expected, EarlyStopping.OverflowProbability(63, 1, 0.9), 12);
        Assert.True(EarlyStopping.OverflowProbability(63, 1, 0.9) <= 0.01);
        Assert.True(EarlyStopping.OverflowProbability(62, 1, 0.9) > 0.01);
    }

    [Fact]
    public void Should_Allow_More_Overflows_As_Runs_Grow()
    {
        Assert.Null(EarlyStopping.AllowedOverflows(63, 0.9));
        Assert.Equal(1, EarlyStopping.AllowedOverflows(64, 0.9));
        var thousand = EarlyStopping.AllowedOverflows(1000, 0.9)!.Value;
        // Far below the naive 100 (10% of 1000): the claim must hold at 99% confidence.
        Assert.InRange(thousand, 70, 99);
        Assert.True(EarlyStopping.AllowedOverflows(10_000, 0.9) > thousand * 9);
    }
}
