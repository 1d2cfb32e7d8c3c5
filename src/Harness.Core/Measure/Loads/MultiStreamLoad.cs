using Harness.Measure.Clock;
using Harness.Measure.Sut;
using Harness.Plan;

namespace Harness.Measure.Loads;

/// <summary>
/// LoadGen's MultiStream scenario: every interval a query of N samples arrives (N camera frames,
/// say); its latency runs from the scheduled arrival until its last sample is answered. Without a
/// batcher each sample is its own inference; with one, samples are coalesced up to its maximum.
/// </summary>
public static class MultiStreamLoad
{
    public static LoadRun Run<TClock>(TClock clock, ISystemUnderTest system, int samplesPerQuery, TimeSpan interval, BatcherSpec? batcher, RunRules rules)
        where TClock : struct, IClock
    {
        var step = Duration.From(interval).Ticks;
        var wanted = Math.Max(rules.MinQueries, Math.Ceiling(rules.MinDuration / interval) + 1);
        var count = (int)Math.Min(wanted, rules.MaxQueries);
        var chunk = Math.Min(batcher?.MaxBatch ?? 1, samplesPerQuery);
        var log = new RequestLog(count);
        var start = clock.GetTimestamp() + Duration.FromMilliseconds(1).Ticks;
        var deadline = start + Duration.From(rules.MaxDuration).Ticks;
        var freeAt = start;
        long batches = 0;
        var query = 0;
        var hitLimit = false;
        for (; query < count; query++)
        {
            var due = start + (query * step);
            var now = clock.WaitUntil(due);
            if (now > deadline)
            {
                hitLimit = true;
                break;
            }

            var first = (long)query * samplesPerQuery;
            for (var done = 0; done < samplesPerQuery; done += chunk)
            {
                system.Infer(first + done, Math.Min(chunk, samplesPerQuery - done));
                batches++;
            }

            var completed = clock.GetTimestamp();
            log.Record(due, now, completed, now - Math.Max(due, freeAt));
            freeAt = completed;
        }

        return new LoadRun(log, samplesPerQuery, 1, 1.0 / interval.TotalSeconds, count - query, batches, hitLimit);
    }
}
