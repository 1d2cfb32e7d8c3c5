using Harness.Measure.Clock;
using Harness.Measure.Loads;
using Harness.Measure.Statistics;
using Harness.Measure.Stopping;
using Harness.Plan;

namespace Harness.Measure;

/// <summary>Why a measurement loop stopped.</summary>
public enum LoopStop
{
    MinimumsMet,
    MaxQueries,
    MaxDuration,
}

/// <summary>What the loop measured: per-query latencies in clock ticks (<see cref="Duration"/>).</summary>
public readonly record struct LoopOutcome(long[] Latencies, int Count, long ElapsedTicks, LoopStop Stop)
{
    public ReadOnlySpan<long> Samples => Latencies.AsSpan(0, Count);

    public TimeSpan Elapsed => new Duration(ElapsedTicks).ToTimeSpan();
}

/// <summary>
/// The single-stream hot loop: issue, timestamp, record, repeat until both minimums (duration and
/// query count) are met or a maximum is hit. The latency buffer is allocated once, before timing;
/// the query and the clock are struct type parameters, so both calls are direct and inlined.
/// With <see cref="RunRules.UntilSteady"/>, a run whose minimums are met goes on while its last
/// windows disagree (<see cref="ClosedLoopStability"/>), judged again each time it has grown by a
/// tenth, so a passing disturbance on a shared machine costs seconds rather than the run.
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

    public static LoopOutcome Run<TQuery, TClock>(ref TQuery query, TClock clock, RunRules rules)
        where TQuery : struct, IQuery
        where TClock : struct, IClock => Run(ref query, clock, rules, new long[rules.MaxQueries]);

    /// <summary>Runs into a caller's buffer, whose length is the query limit (benchmarks reuse one buffer).</summary>
    public static LoopOutcome Run<TQuery, TClock>(ref TQuery query, TClock clock, RunRules rules, long[] latencies)
        where TQuery : struct, IQuery
        where TClock : struct, IClock
    {
        var limits = new RunLimits(rules);
        var judgeSteadinessAt = 0L;
        var count = 0;
        var start = clock.GetTimestamp();
        var end = start;
        LoopStop stop;
        while (true)
        {
            var issued = clock.GetTimestamp();
            query.Issue();
            end = clock.GetTimestamp();
            latencies[count++] = end - issued;
            var elapsed = end - start;
            if (limits.MinimumsMet(count, elapsed) && elapsed >= judgeSteadinessAt)
            {
                if (!rules.UntilSteady || Steady(latencies.AsSpan(0, count), rules.StabilityTolerance))
                {
                    stop = LoopStop.MinimumsMet;
                    break;
                }

                judgeSteadinessAt = elapsed + Math.Max(elapsed / 10, MinRejudgeTicks);
            }

            if (count == latencies.Length)
            {
                stop = LoopStop.MaxQueries;
                break;
            }

            if (limits.OutOfTime(elapsed))
            {
                stop = LoopStop.MaxDuration;
                break;
            }
        }

        return new LoopOutcome(latencies, count, end - start, stop);
    }

    // At least one stability window apart: judging more often only re-sorts the same evidence.
    private static readonly long MinRejudgeTicks = Duration.From(ClosedLoopStability.MinWindowDuration).Ticks;

    /// <summary>The same judgement the run will be given afterwards (<see cref="StabilityRule"/>), on the latencies so far.</summary>
    private static bool Steady(ReadOnlySpan<long> latencies, double tolerance) =>
        ClosedLoopStability.Judge(RequestLog.FromClosedLoop(latencies, 0), tolerance, Duration.TicksPerSecond) is null;
}
