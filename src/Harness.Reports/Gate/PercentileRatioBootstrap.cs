using Harness.Statistics;

namespace Harness.Reports.Gate;

/// <summary>A ratio of one percentile, current over baseline, with its bootstrap interval.</summary>
/// <param name="Percentile">0.5 for the median, 0.99 for p99.</param>
/// <param name="BaselineMs">The baseline's percentile, in milliseconds.</param>
/// <param name="CurrentMs">The current run's percentile, in milliseconds.</param>
/// <param name="Lower">The interval's lower end on <see cref="Ratio"/>.</param>
/// <param name="Upper">The interval's upper end on <see cref="Ratio"/>.</param>
public sealed record PercentileRatio(double Percentile, double BaselineMs, double CurrentMs, double Lower, double Upper)
{
    public double Ratio => CurrentMs / BaselineMs;

    public double DifferenceMs => CurrentMs - BaselineMs;
}

/// <summary>
/// Percentile bootstrap of the ratio of two samples' percentiles: each side is resampled with
/// replacement on its own, the ratio taken, and the interval read from the ratios' quantiles.
/// A resample is drawn as counts over the sorted sample (n draws of an index, then one cumulative
/// walk to each percentile's rank), so no resample is ever sorted: 1,000 resamples of 10,000
/// latencies take milliseconds. Seeded, so a pair of files always gets the same interval.
/// </summary>
public static class PercentileRatioBootstrap
{
    public static IReadOnlyList<PercentileRatio> Compute(double[] baselineSorted, double[] currentSorted, IReadOnlyList<double> percentiles, double confidence, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(baselineSorted);
        ArgumentNullException.ThrowIfNull(currentSorted);
        ArgumentNullException.ThrowIfNull(percentiles);
        ArgumentOutOfRangeException.ThrowIfLessThan(baselineSorted.Length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(currentSorted.Length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var random = new Random(seed);
        var ratios = new double[percentiles.Count][];
        for (var p = 0; p < percentiles.Count; p++)
        {
            ratios[p] = new double[resamples];
        }

        var baselineCounts = new int[baselineSorted.Length];
        var currentCounts = new int[currentSorted.Length];
        var baselineValues = new double[percentiles.Count];
        var currentValues = new double[percentiles.Count];
        for (var r = 0; r < resamples; r++)
        {
            Resample(baselineSorted, baselineCounts, percentiles, baselineValues, random);
            Resample(currentSorted, currentCounts, percentiles, currentValues, random);
            for (var p = 0; p < percentiles.Count; p++)
            {
                ratios[p][r] = currentValues[p] / baselineValues[p];
            }
        }

        var tail = (1 - confidence) / 2;
        var result = new PercentileRatio[percentiles.Count];
        for (var p = 0; p < percentiles.Count; p++)
        {
            Array.Sort(ratios[p]);
            result[p] = new PercentileRatio(
                percentiles[p],
                Quantile.OfSorted(baselineSorted, percentiles[p]),
                Quantile.OfSorted(currentSorted, percentiles[p]),
                Quantile.OfSorted(ratios[p], tail),
                Quantile.OfSorted(ratios[p], 1 - tail));
        }

        return result;
    }

    /// <summary>One resample's percentiles, by the same interpolation rule as <see cref="Quantile"/> applied to the resample's order statistics.</summary>
    private static void Resample(double[] sorted, int[] counts, IReadOnlyList<double> percentiles, double[] values, Random random)
    {
        var n = sorted.Length;
        Array.Clear(counts);
        for (var i = 0; i < n; i++)
        {
            counts[random.Next(n)]++;
        }

        for (var p = 0; p < percentiles.Count; p++)
        {
            var h = (n - 1) * percentiles[p];
            var lower = (long)Math.Floor(h);
            values[p] = OrderStatistic(sorted, counts, lower) is var low && lower + 1 < n
                ? low + ((h - lower) * (OrderStatistic(sorted, counts, lower + 1) - low))
                : OrderStatistic(sorted, counts, lower);
        }
    }

    /// <summary>The resample's k-th smallest value (0-based): the sorted value at which the running count passes k.</summary>
    private static double OrderStatistic(double[] sorted, int[] counts, long k)
    {
        long seen = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            seen += counts[i];
            if (seen > k)
            {
                return sorted[i];
            }
        }

        return sorted[^1];
    }
}
