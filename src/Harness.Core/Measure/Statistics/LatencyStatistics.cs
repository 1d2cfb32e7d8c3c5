using System.Diagnostics;
using Harness.Results;

namespace Harness.Measure.Statistics;

/// <summary>Summary statistics of a latency sample, computed after the timed window.</summary>
public static class LatencyStatistics
{
    /// <summary>Summarises latencies given in <see cref="Stopwatch"/> ticks, reporting milliseconds.</summary>
    public static LatencySummary Summarize(ReadOnlySpan<long> ticks)
    {
        if (ticks.IsEmpty)
        {
            throw new ArgumentException("no latencies to summarise", nameof(ticks));
        }

        var ms = new double[ticks.Length];
        var toMs = 1000.0 / Stopwatch.Frequency;
        for (var i = 0; i < ticks.Length; i++)
        {
            ms[i] = ticks[i] * toMs;
        }

        return Summarize(ms);
    }

    /// <summary>Summarises latencies in milliseconds. Sorts <paramref name="ms"/> in place.</summary>
    public static LatencySummary Summarize(double[] ms)
    {
        if (ms.Length == 0)
        {
            throw new ArgumentException("no latencies to summarise", nameof(ms));
        }

        // Welford's update: one pass, and no catastrophic cancellation for long runs of similar values.
        double mean = 0, m2 = 0;
        for (var i = 0; i < ms.Length; i++)
        {
            var delta = ms[i] - mean;
            mean += delta / (i + 1);
            m2 += delta * (ms[i] - mean);
        }

        var stdev = ms.Length > 1 ? Math.Sqrt(m2 / (ms.Length - 1)) : 0;
        Array.Sort(ms);
        return new LatencySummary(
            ms.Length,
            mean,
            stdev,
            ms[0],
            Quantile(ms, 0.50),
            Quantile(ms, 0.90),
            Quantile(ms, 0.95),
            Quantile(ms, 0.99),
            Quantile(ms, 0.999),
            ms[^1]);
    }

    /// <summary>
    /// The p-quantile of sorted data by linear interpolation between order statistics
    /// (Hyndman and Fan's type 7, the default of R and NumPy), so figures compare with those tools.
    /// </summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double p)
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
        return sorted[lower] + (h - lower) * (sorted[upper] - sorted[lower]);
    }
}
