namespace Harness.Statistics;

/// <summary>
/// The p-quantile of sorted data by linear interpolation between order statistics (Hyndman and
/// Fan's type 7, the default of R and NumPy), so latency percentiles, bootstrap intervals and bin
/// edges all compare with those tools. One rule for every stage that needs one.
/// </summary>
public static class Quantile
{
    public static double OfSorted(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("empty sample", nameof(sorted));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        var h = (sorted.Length - 1) * p;
        var lower = (int)Math.Floor(h);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((h - lower) * (sorted[upper] - sorted[lower]));
    }
}
