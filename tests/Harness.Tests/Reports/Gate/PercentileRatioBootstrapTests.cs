using Harness.Reports.Gate;

namespace Harness.Tests.Reports.Gate;

public sealed class PercentileRatioBootstrapTests
{
    [Fact]
    public void Should_Cover_The_True_Ratio_Of_Medians_At_About_Its_Confidence()
    {
        // 200 seeded pairs, current 10% slower: a 90% interval should hold 1.10 in about 180 of them.
        var random = new Random(5);
        var covered = 0;
        for (var trial = 0; trial < 200; trial++)
        {
            var baseline = Sorted(LatencyDistributions.LogNormalWithOutliers(random, 400, 1.0));
            var current = Sorted(LatencyDistributions.LogNormalWithOutliers(random, 400, 1.1));
            var median = PercentileRatioBootstrap.Compute(baseline, current, [0.5], 0.90, 300, trial)[0];
            covered += median.Lower <= 1.1 && 1.1 <= median.Upper ? 1 : 0;
        }

        Assert.InRange(covered, 166, 194);
    }

    [Fact]
    public void Should_Give_The_Same_Interval_For_The_Same_Seed()
    {
        var random = new Random(3);
        var baseline = Sorted(LatencyDistributions.Bimodal(random, 500, 1.0));
        var current = Sorted(LatencyDistributions.Bimodal(random, 500, 1.0));

        var first = PercentileRatioBootstrap.Compute(baseline, current, [0.5, 0.99], 0.99, 200, 7);
        var second = PercentileRatioBootstrap.Compute(baseline, current, [0.5, 0.99], 0.99, 200, 7);

        Assert.Equal(first, second);
        Assert.True(first[0].Lower < first[0].Ratio && first[0].Ratio < first[0].Upper, $"{first[0]}");
    }

    private static double[] Sorted(double[] values)
    {
        Array.Sort(values);
        return values;
    }
}
