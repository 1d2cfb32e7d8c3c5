using Harness.Measure.Clock;
using Harness.Measure.Sut;
using Harness.Plan;

namespace Harness.Measure.Loads;

/// <summary>
/// LoadGen's Server scenario: queries arrive open-loop on a seeded Poisson schedule and each
/// query's latency runs from its scheduled arrival, so when the system falls behind, its queue
/// shows in the latency. With a batcher, waiting requests are coalesced: a batch is dispatched
/// when it is full or its oldest request has waited the maximum queue delay.
/// </summary>
public static class ServerLoad
{
    public static LoadRun Run<TClock>(TClock clock, ISystemUnderTest system, double qps, BatcherSpec? batcher, RunRules rules, int seed)
        where TClock : struct, IClock
    {
        // Arrivals until both minimums are covered (the last one past the minimum duration); the
        // schedule is the whole run, fixed in advance.
        var schedule = Covering(qps, rules, seed);
        var count = schedule.Length;
        var log = new RequestLog(count);
        var maxBatch = batcher?.MaxBatch ?? 1;
        var maxDelay = batcher is null ? 0 : Duration.From(batcher.MaxQueueDelay).Ticks;
        ReadOnlySpan<int> preferred = batcher is null ? [] : batcher.PreferredSizes.ToArray();

        var start = clock.GetTimestamp() + Duration.FromMilliseconds(1).Ticks;
        var deadline = start + Duration.From(rules.MaxDuration).Ticks;
        var freeAt = start;
        long batches = 0;
        var next = 0;
        var unanswered = 0;
        var hitLimit = false;
        while (next < count)
        {
            var due = start + schedule[next];
            // The batch is full when its last request arrives; otherwise its oldest one stops waiting.
            var full = next + maxBatch - 1 < count ? start + schedule[next + maxBatch - 1] : long.MaxValue;
            var dispatchAt = Math.Min(due + maxDelay, full);
            var now = clock.WaitUntil(dispatchAt);
            if (now > deadline)
            {
                hitLimit = true;
                // Queries that had arrived and were never answered count against the run; those
                // whose arrival time had not come were never issued and do not.
                while (next < count && start + schedule[next] <= deadline)
                {
                    next++;
                    unanswered++;
                }

                break;
            }

            var arrived = 1;
            while (arrived < maxBatch && next + arrived < count && start + schedule[next + arrived] <= now)
            {
                arrived++;
            }

            var size = ChooseBatch(arrived, preferred);
            var lag = now - Math.Max(dispatchAt, freeAt);
            system.Infer(next, size);
            var done = clock.GetTimestamp();
            for (var j = 0; j < size; j++)
            {
                log.Record(start + schedule[next + j], now, done, j == 0 ? lag : 0);
            }

            freeAt = done;
            next += size;
            batches++;
        }

        // The measured window runs from the schedule's origin, not the first arrival: the gap before
        // it is as much part of the Poisson process as any other, and without it about half of all
        // runs of a fast system would end a few milliseconds short of min_duration.
        return new LoadRun(log, 1, 1, qps, unanswered, batches, hitLimit, WallTicks: (hitLimit ? deadline : freeAt) - start);
    }

    /// <summary>
    /// The run rules for one Server run of <paramref name="load"/>: at least as many queries as its
    /// percentile needs at 99% confidence (662 for p99), or the run could never be valid.
    /// </summary>
    public static RunRules RulesFor(LoadSpec load, RunRules rules) => rules with
    {
        MinQueries = (int)Math.Max(rules.MinQueries, Statistics.EarlyStopping.MinimumQueries(load.Percentile)),
    };

    private static long[] Covering(double qps, RunRules rules, int seed)
    {
        var minTicks = Duration.From(rules.MinDuration).Ticks;
        var generous = (int)Math.Min(rules.MaxQueries, Math.Max(rules.MinQueries, Math.Ceiling((qps * rules.MinDuration.TotalSeconds * 1.3) + 50)));
        var offsets = PoissonSchedule.Offsets(qps, generous, seed);
        var end = Math.Max(Math.Min(rules.MinQueries, offsets.Length), 1);
        while (end < offsets.Length && offsets[end - 1] < minTicks)
        {
            end++;
        }

        return offsets[..end];
    }

    /// <summary>The largest preferred size that has arrived; everything that has, without one.</summary>
    public static int ChooseBatch(int arrived, ReadOnlySpan<int> preferred)
    {
        for (var i = preferred.Length - 1; i >= 0; i--)
        {
            if (preferred[i] <= arrived)
            {
                return preferred[i];
            }
        }

        return arrived;
    }
}
