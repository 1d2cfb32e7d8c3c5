using System.Diagnostics;

namespace Harness.Roofline;

/// <summary>
/// Runs the same work on several dedicated threads at once and times the whole: every thread is
/// created and parked first, then released together, so thread start-up is not in the figure.
/// The best of several rounds is kept, as STREAM does: a busy machine only ever slows a round.
/// </summary>
internal static class ParallelTimer
{
    /// <summary>The shortest wall time, in seconds, of <paramref name="rounds"/> rounds of <paramref name="work"/>(thread index) on every thread.</summary>
    public static double BestSeconds(int threads, int rounds, Action<int> work)
    {
        var best = double.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            best = Math.Min(best, Once(threads, work));
        }

        return best;
    }

    private static double Once(int threads, Action<int> work)
    {
        if (threads == 1)
        {
            var start = Stopwatch.GetTimestamp();
            work(0);
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        using var ready = new CountdownEvent(threads);
        using var go = new ManualResetEventSlim(false);
        using var done = new CountdownEvent(threads);
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            var index = t;
            workers[t] = new Thread(() =>
            {
                ready.Signal();
                go.Wait();
                work(index);
                done.Signal();
            }) { IsBackground = true, Name = $"roofline-probe-{index}" };
            workers[t].Start();
        }

        ready.Wait();
        var begin = Stopwatch.GetTimestamp();
        go.Set();
        done.Wait();
        var seconds = Stopwatch.GetElapsedTime(begin).TotalSeconds;
        foreach (var worker in workers)
        {
            worker.Join();
        }

        return seconds;
    }
}
