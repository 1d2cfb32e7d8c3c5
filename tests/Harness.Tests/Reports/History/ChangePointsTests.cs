using Harness.Reports.History;

namespace Harness.Tests.Reports.History;

public sealed class ChangePointsTests
{
    [Fact]
    public void Should_Find_A_Planted_Shift_At_The_Run_It_Starts()
    {
        var series = Noisy(new Random(1), [(20, 1.00), (15, 1.15)]);

        Assert.Equal([20], ChangePoints.Find(series));
    }

    [Fact]
    public void Should_Find_Two_Planted_Shifts_Up_And_Back_Down()
    {
        var series = Noisy(new Random(2), [(12, 2.0), (10, 2.6), (12, 2.0)]);

        Assert.Equal([12, 22], ChangePoints.Find(series));
    }

    [Fact]
    public void Should_Find_Nothing_In_A_Steady_Series_With_One_Outlier()
    {
        var series = Noisy(new Random(3), [(30, 1.0)]);
        series[17] = 1.6;

        Assert.Empty(ChangePoints.Find(series));
    }

    /// <summary>Segments of (runs, level) with ±2% uniform noise on each run's figure.</summary>
    private static double[] Noisy(Random random, (int Runs, double Level)[] segments) =>
        [.. segments.SelectMany(s => Enumerable.Range(0, s.Runs).Select(_ => s.Level * (1 + (0.04 * (random.NextDouble() - 0.5)))))];
}
