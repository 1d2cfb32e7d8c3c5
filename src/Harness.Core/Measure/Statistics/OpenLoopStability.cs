using System.Globalization;
using Harness.Measure.Loads;
using Harness.Statistics;

namespace Harness.Measure.Statistics;

/// <summary>
/// Whether an open-loop run (Server, MultiStream) saw a steady system, judged on what steady means
/// there: the queue stays bounded. Two tests over the run's arrival span cut into
/// <see cref="Windows"/> equal windows, each at half the stated <see cref="Significance"/>:
/// <list type="bullet">
/// <item><b>Throughput</b>: a system that keeps up completes what arrives, so each window's
/// completions follow the arrivals of a Poisson process at the target rate; a count outside that
/// process's central interval (Bonferroni over the windows, widened by one batch, since a batch
/// straddling a window's edge moves its queries together) says the system fell behind or stalled.
/// A fixed tolerance cannot do this: at 110 queries a window, Poisson arrivals alone vary by more
/// than 10%.</item>
/// <item><b>Latency trend</b>: a growing queue (or a system slowing down) makes each window's mean
/// latency, counted from the scheduled arrival, larger than the last. Mann–Kendall's exact test for
/// an upward trend over the window means (windows by arrival time), plus a practical floor (the
/// rise from first to last window exceeds a millisecond and a median service time), so a steady
/// queue's window-to-window jitter is not mistaken for growth.</item>
/// </list>
/// By simulation (seeded M/D/1 queues, 5 s runs, 2,000 runs each; see the tests), a steady system
/// is called unstable in 0.5% of runs with no queue, 0.8% at 80% utilisation, 1% at 90% and 2.6%
/// at 95%, where the queue remembers its state for seconds and window means are no longer
/// independent. A queue offered 2% more than it serves is flagged in half the runs, 5% more in 85%,
/// 10% more in 99.5%, 30% more in all.
/// </summary>
public static class OpenLoopStability
{
    /// <summary>The chance a steady system's run is called unstable, split evenly between the two tests.</summary>
    public const double Significance = 0.01;

    /// <summary>Windows the arrival span is cut into (as few as keeps the trend test's power; see the tests).</summary>
    public const int Windows = 8;

    /// <summary>Fewer queries than this per window are too few to judge; such a run is not called unstable.</summary>
    public const int MinPerWindow = 20;

    private const double FloorMs = 1.0;

    /// <summary>The reason the run was not steady, or null when it was (or was too short to judge).</summary>
    /// <param name="targetQps">The rate the arrivals were drawn at (queries per second).</param>
    /// <param name="ticksPerSecond">The unit of the log's timestamps.</param>
    public static string? Judge(RequestLog log, double targetQps, long ticksPerSecond)
    {
        var n = log.Count;
        if (n < Windows * MinPerWindow || targetQps <= 0)
        {
            return null;
        }

        var first = log.Scheduled[0];
        var last = log.Scheduled[0];
        for (var i = 1; i < n; i++)
        {
            first = Math.Min(first, log.Scheduled[i]);
            last = Math.Max(last, log.Scheduled[i]);
        }

        var span = last - first;
        if (span <= 0)
        {
            return null;
        }

        var completions = new long[Windows];
        var latencySums = new double[Windows];
        var arrivals = new long[Windows];
        var compute = new long[n];
        for (var i = 0; i < n; i++)
        {
            var done = log.Completed[i];
            if (done >= first && done < last)
            {
                completions[Window(done - first, span)]++;
            }

            var arrival = Window(log.Scheduled[i] - first, span);
            arrivals[arrival]++;
            latencySums[arrival] += log.Completed[i] - log.Scheduled[i];
            compute[i] = log.Completed[i] - log.Started[i];
        }

        var windowSeconds = span / (double)Windows / ticksPerSecond;
        var expected = targetQps * windowSeconds;
        var (low, high) = PoissonDistribution.CentralInterval(expected, Significance / 2 / Windows);
        var slack = LargestBatch(log) - 1;
        for (var w = 0; w < Windows; w++)
        {
            if (completions[w] < low - slack || completions[w] > high + slack)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"unstable: window {w + 1} of {Windows} completed {completions[w]} queries where a Poisson process at {targetQps:0.#} qps gives {low}–{high} (significance {Significance / 2 * 100:0.##}%): the system {(completions[w] < low ? "fell behind or stalled" : "caught up on a backlog")}");
            }
        }

        var means = new double[Windows];
        for (var w = 0; w < Windows; w++)
        {
            // An empty window (a long gap in arrivals) repeats the previous mean: no evidence either way.
            means[w] = arrivals[w] == 0 ? (w == 0 ? 0 : means[w - 1]) : latencySums[w] / arrivals[w] * 1000.0 / ticksPerSecond;
        }

        var p = MannKendall.UpwardTrendPValue(means);
        var rise = means[^1] - means[0];
        Array.Sort(compute);
        var floor = Math.Max(FloorMs, compute[(n - 1) / 2] * 1000.0 / ticksPerSecond);
        if (p <= Significance / 2 && rise > floor)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"unstable: mean latency rose from {means[0]:0.###} ms to {means[^1]:0.###} ms over the run (Mann–Kendall upward trend, p = {p:0.####} ≤ {Significance / 2:0.###}): the queue was growing or the system slowing down");
        }

        return null;
    }

    private static int Window(long offset, long span) => (int)Math.Min(Windows - 1, offset * (double)Windows / span);

    /// <summary>The most queries answered together: requests of one batch share their completion time.</summary>
    private static int LargestBatch(RequestLog log)
    {
        int largest = 1, run = 1;
        for (var i = 1; i < log.Count; i++)
        {
            run = log.Completed[i] == log.Completed[i - 1] && log.Started[i] == log.Started[i - 1] ? run + 1 : 1;
            largest = Math.Max(largest, run);
        }

        return largest;
    }
}
