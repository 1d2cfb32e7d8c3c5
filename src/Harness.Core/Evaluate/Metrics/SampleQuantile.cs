namespace Harness.Evaluate.Metrics;

/// <summary>
/// The p-quantile of sorted data by linear interpolation between order statistics (Hyndman and
/// Fan type 7, NumPy's and R's default), so intervals and bin edges compare with those tools.
/// The same rule as the latency summary's; kept here so Evaluate does not reach back into Measure.
/// </summary>
internal static class SampleQuantile
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
