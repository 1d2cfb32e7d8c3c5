using System.Diagnostics;
using Harness.Plan;

namespace Harness.Measure;

/// <summary>Why a measurement loop stopped.</summary>
public enum LoopStop
{
    MinimumsMet,
    MaxQueries,
    MaxDuration,
}

/// <summary>What the loop measured: per-query latencies in <see cref="Stopwatch"/> ticks.</summary>
public readonly record struct LoopOutcome(long[] Latencies, int Count, long ElapsedTicks, LoopStop Stop)
{
    public ReadOnlySpan<long> Samples => Latencies.AsSpan(0, Count);

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, ElapsedTicks);
}

/// <summary>
/// The single-stream hot loop: issue, timestamp, record, repeat until both minimums (duration and
/// query count) are met or a maximum is hit. The latency buffer is allocated once, before timing.
/// </summary>
public static class MeasurementLoop
{
    public static void WarmUp<TQuery>(ref TQuery query, int queries)
        where TQuery : struct, IQuery
    {
        for (var i = 0; i < queries; i++)
        {
            query.Issue();
        }
    }

    public static LoopOutcome Run<TQuery>(ref TQuery query, RunRules rules)
        where TQuery : struct, IQuery => Run(ref query, rules, new long[rules.MaxQueries]);

    /// <summary>Runs into a caller's buffer, whose length is the query limit (benchmarks reuse one buffer).</summary>
    public static LoopOutcome Run<TQuery>(ref TQuery query, RunRules rules, long[] latencies)
        where TQuery : struct, IQuery
    {
        var minTicks = ToTicks(rules.MinDuration);
        var maxTicks = ToTicks(rules.MaxDuration);
        var minQueries = rules.MinQueries;
        var count = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start;
        LoopStop stop;
        while (true)
        {
            var issued = Stopwatch.GetTimestamp();
            query.Issue();
            end = Stopwatch.GetTimestamp();
            latencies[count++] = end - issued;
            var elapsed = end - start;
            if (count >= minQueries && elapsed >= minTicks)
            {
                stop = LoopStop.MinimumsMet;
                break;
            }

            if (count == latencies.Length)
            {
                stop = LoopStop.MaxQueries;
                break;
            }

            if (elapsed >= maxTicks)
            {
                stop = LoopStop.MaxDuration;
                break;
            }
        }

        return new LoopOutcome(latencies, count, end - start, stop);
    }

    private static long ToTicks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);
}
