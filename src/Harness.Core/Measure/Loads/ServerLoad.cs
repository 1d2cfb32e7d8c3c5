using System.Diagnostics;
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
    public static LoadRun Run(ISystemUnderTest system, double qps, BatcherSpec? batcher, RunRules rules, int seed)
    {
        // Enough arrivals to cover both minimums; the schedule is the whole run, fixed in advance.
        // (5% over the minimum duration, so the last arrival lands past it, not just short of it.)
        var wanted = Math.Max(rules.MinQueries, Math.Ceiling(qps * rules.MinDuration.TotalSeconds * 1.05) + 1);
        var count = (int)Math.Min(wanted, rules.MaxQueries);
        var schedule = PoissonSchedule.Offsets(qps, count, seed);
        var log = new RequestLog(count);
        var maxBatch = batcher?.MaxBatch ?? 1;
        var maxDelay = batcher is null ? 0 : Pacer.Ticks(batcher.MaxQueueDelay);
        ReadOnlySpan<int> preferred = batcher is null ? [] : batcher.PreferredSizes.ToArray();

        var start = Stopwatch.GetTimestamp() + Pacer.Ticks(TimeSpan.FromMilliseconds(1));
        var deadline = start + Pacer.Ticks(rules.MaxDuration);
        var freeAt = start;
        long batches = 0;
        var next = 0;
        var hitLimit = false;
        while (next < count)
        {
            var due = start + schedule[next];
            // The batch is full when its last request arrives; otherwise its oldest one stops waiting.
            var full = next + maxBatch - 1 < count ? start + schedule[next + maxBatch - 1] : long.MaxValue;
            var dispatchAt = Math.Min(due + maxDelay, full);
            var now = Pacer.WaitUntil(dispatchAt);
            if (now > deadline)
            {
                hitLimit = true;
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
            var done = Stopwatch.GetTimestamp();
            for (var j = 0; j < size; j++)
            {
                log.Record(start + schedule[next + j], now, done, j == 0 ? lag : 0);
            }

            freeAt = done;
            next += size;
            batches++;
        }

        return new LoadRun(log, 1, 1, qps, count - next, batches, hitLimit);
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
