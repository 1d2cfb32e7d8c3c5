using System.Globalization;
using Harness.Measure.Loads;

namespace Harness.Measure.Statistics;

/// <summary>
/// Whether a closed-loop run (single-stream, offline, concurrency sweep) saw a steady system:
/// perf_analyzer's stability rule in its count-windows form. The run is cut, in completion order,
/// into windows of equal query counts of at least <see cref="MinPerWindow"/> queries (its
/// 50-request measurement window) and <see cref="MinWindowDuration"/> (shorter windows time the
/// scheduler: one preemption is milliseconds), at most <see cref="MaxWindows"/> of them; the last three must
/// agree within the tolerance in throughput (equal counts, so their durations) and in median
/// latency. Both are compared as integer ticks against the tolerance in parts per million, so a
/// ratio at the tolerance agrees exactly (11/10 − 1 in doubles is 0.10000000000000009). Medians
/// within <see cref="LatencyResolution"/> agree whatever their ratio: a no-op target's 60 ns
/// against 70 ns is the clock's and the scheduler's grain, not the system changing.
/// </summary>
public static class ClosedLoopStability
{
    /// <summary>perf_analyzer's minimum requests per measurement window.</summary>
    public const int MinPerWindow = 50;

    public const int MaxWindows = 6;

    /// <summary>Windows shorter than this, on average, are not judged: a time slice would decide them.</summary>
    public static readonly TimeSpan MinWindowDuration = TimeSpan.FromMilliseconds(100);

    /// <summary>Median latencies closer than this agree whatever their ratio.</summary>
    public static readonly TimeSpan LatencyResolution = TimeSpan.FromMicroseconds(10);

    private const int Judged = 3;

    /// <summary>The reason the run was not steady, or null when it was (or was too short to judge: fewer than three windows of 50 queries and 100 ms).</summary>
    /// <param name="ticksPerSecond">The unit of the log's timestamps.</param>
    public static string? Judge(RequestLog log, double tolerance, long ticksPerSecond)
    {
        var n = log.Count;
        if (n == 0)
        {
            return null;
        }

        long end = long.MinValue;
        for (var i = 0; i < n; i++)
        {
            end = Math.Max(end, log.Completed[i]);
        }

        var minWindowTicks = (long)(MinWindowDuration.TotalSeconds * ticksPerSecond);
        var windows = (int)Math.Min(Math.Min(MaxWindows, n / MinPerWindow), (end - Earliest(log)) / Math.Max(minWindowTicks, 1));
        if (windows < Judged)
        {
            return null;
        }

        var order = new int[n];
        var completed = new long[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            completed[i] = log.Completed[i];
        }

        // Concurrent clients log in the order they claimed slots; windows follow completions.
        Array.Sort(completed, order);
        var durations = new long[Judged];
        var medians = new long[Judged];
        for (var j = 0; j < Judged; j++)
        {
            var w = windows - Judged + j;
            var from = (int)((long)n * w / windows);
            var to = (int)((long)n * (w + 1) / windows);
            var startedAt = from == 0 ? Earliest(log) : completed[from - 1];
            durations[j] = completed[to - 1] - startedAt;
            var latencies = new long[to - from];
            for (var i = from; i < to; i++)
            {
                latencies[i - from] = log.Completed[order[i]] - log.Scheduled[order[i]];
            }

            Array.Sort(latencies);
            medians[j] = latencies[(latencies.Length - 1) / 2];
        }

        var throughputAgrees = Agree(durations, tolerance);
        var resolution = (long)(LatencyResolution.TotalSeconds * ticksPerSecond);
        var latencyAgrees = Agree(medians, tolerance) || medians.Max() - medians.Min() < resolution;
        if (throughputAgrees && latencyAgrees)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"unstable: over the last 3 windows of {n / windows} queries, throughput varies by {Spread(durations) * 100:0.0}% and median latency by {Spread(medians) * 100:0.0}% (limit {tolerance * 100:0.##}%)");
    }

    /// <summary>
    /// True when the largest value exceeds the smallest by at most <paramref name="tolerance"/> of
    /// the smallest: (max − min) · 10⁶ ≤ round(tolerance · 10⁶) · min, in 128-bit integers.
    /// </summary>
    public static bool Agree(ReadOnlySpan<long> values, double tolerance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        long min = long.MaxValue, max = long.MinValue;
        foreach (var value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        const long PartsPerMillion = 1_000_000;
        var allowed = (Int128)Math.Round(Math.Min(tolerance, 1e9) * PartsPerMillion);
        return (Int128)(max - min) * PartsPerMillion <= allowed * min;
    }

    private static double Spread(ReadOnlySpan<long> values)
    {
        long min = long.MaxValue, max = long.MinValue;
        foreach (var value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        return min <= 0 ? double.PositiveInfinity : (max - min) / (double)min;
    }

    private static long Earliest(RequestLog log)
    {
        var earliest = long.MaxValue;
        for (var i = 0; i < log.Count; i++)
        {
            earliest = Math.Min(earliest, log.Scheduled[i]);
        }

        return earliest;
    }
}
