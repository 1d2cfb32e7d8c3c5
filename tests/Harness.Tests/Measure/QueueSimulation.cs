using System.Diagnostics;
using Harness.Measure.Clock;
using Harness.Measure.Loads;

namespace Harness.Tests.Measure;

/// <summary>
/// A Server run in simulated time: ServerLoad's own dispatch rule (a batch goes when full or when
/// its oldest request has waited the maximum delay, never before the system is free) over a seeded
/// Poisson schedule, with service times drawn from a seeded distribution. Nothing sleeps, so
/// statistical properties can be checked over thousands of runs; timestamps are Stopwatch ticks,
/// as the analysis expects.
/// </summary>
internal static class QueueSimulation
{
    public static LoadRun Server(double qps, Func<Random, int, double> serviceSeconds, TimeSpan duration, int seed, int maxBatch = 1, TimeSpan maxQueueDelay = default)
    {
        var expected = (int)(qps * duration.TotalSeconds);
        var schedule = PoissonSchedule.Offsets(qps, expected + (10 * (int)Math.Sqrt(expected + 1)) + 10, seed);
        var end = Duration.From(duration).Ticks;
        // As ServerLoad does: arrivals up to and including the first one past the run's duration.
        var count = Array.FindIndex(schedule, t => t >= end) + 1;
        count = count <= 0 ? schedule.Length : count;
        var service = new Random(seed ^ 0x5EED);
        var log = new RequestLog(count);
        var delay = Duration.From(maxQueueDelay).Ticks;
        long freeAt = 0, batches = 0;
        var next = 0;
        while (next < count)
        {
            var full = next + maxBatch - 1 < count ? schedule[next + maxBatch - 1] : long.MaxValue;
            var now = Math.Max(Math.Min(schedule[next] + delay, full), freeAt);
            var size = 1;
            while (size < maxBatch && next + size < count && schedule[next + size] <= now)
            {
                size++;
            }

            var done = now + (long)(serviceSeconds(service, size) * Stopwatch.Frequency);
            for (var j = 0; j < size; j++)
            {
                log.Record(schedule[next + j], now, done, 0);
            }

            freeAt = done;
            next += size;
            batches++;
        }

        return new LoadRun(log, 1, 1, qps, 0, batches, false, WallTicks: freeAt);
    }

    /// <summary>The same service time for every batch (an M/D/1 queue without a batcher).</summary>
    public static Func<Random, int, double> Fixed(TimeSpan perBatch) => (_, _) => perBatch.TotalSeconds;

    /// <summary>Exponential service times of the given mean (an M/M/1 queue, whose sojourn times are exponential with rate μ − λ).</summary>
    public static Func<Random, int, double> Exponential(TimeSpan mean) => (random, _) => -Math.Log(1.0 - random.NextDouble()) * mean.TotalSeconds;
}
