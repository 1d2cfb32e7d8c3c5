using Harness.Measure.Clock;
using Harness.Results;
using Quantile = Harness.Statistics.Quantile;

namespace Harness.Measure.Statistics;

/// <summary>Summary statistics of a latency sample, computed after the timed window.</summary>
public static class LatencyStatistics
{
    /// <summary>Summarises latencies given in clock ticks (<see cref="Duration"/>), reporting milliseconds.</summary>
    public static LatencySummary Summarize(ReadOnlySpan<long> ticks)
    {
        if (ticks.IsEmpty)
        {
            throw new ArgumentException("no latencies to summarise", nameof(ticks));
        }

        var ms = new double[ticks.Length];
        for (var i = 0; i < ticks.Length; i++)
        {
            ms[i] = new Duration(ticks[i]).Milliseconds;
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
            Quantile.OfSorted(ms, 0.50),
            Quantile.OfSorted(ms, 0.90),
            Quantile.OfSorted(ms, 0.95),
            Quantile.OfSorted(ms, 0.99),
            Quantile.OfSorted(ms, 0.999),
            ms[^1]);
    }
}
