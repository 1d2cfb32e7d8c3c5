using System.Diagnostics;
using Harness.Measure.Sut;
using Harness.Plan;

namespace Harness.Measure.Loads;

/// <summary>
/// N closed-loop clients on one model (perf_analyzer's concurrency mode): each sends its next
/// request as soon as its previous one is answered. Throughput against latency as N grows shows
/// where the system saturates.
/// </summary>
public static class ClosedLoopClients
{
    public static LoadRun Run(IReadOnlyList<ISystemUnderTest> clients, RunRules rules)
    {
        var log = new RequestLog(rules.MaxQueries);
        var claimed = -1;
        var completed = 0;
        var stop = 0;
        var start = Stopwatch.GetTimestamp();
        var threads = clients.Select(client => new Thread(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                var index = Interlocked.Increment(ref claimed);
                if (index >= log.Capacity)
                {
                    break;
                }

                var issued = Stopwatch.GetTimestamp();
                client.Infer(index, 1);
                log.RecordAt(index, issued, issued, Stopwatch.GetTimestamp());
                Interlocked.Increment(ref completed);
            }
        })
        { IsBackground = true, Name = "harness client" }).ToList();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        var minTicks = Pacer.Ticks(rules.MinDuration);
        var maxTicks = Pacer.Ticks(rules.MaxDuration);
        var hitLimit = false;
        while (true)
        {
            Thread.Sleep(5);
            var elapsed = Stopwatch.GetTimestamp() - start;
            var done = Volatile.Read(ref completed);
            if (done >= rules.MinQueries && elapsed >= minTicks)
            {
                break;
            }

            if (elapsed >= maxTicks || done >= log.Capacity)
            {
                hitLimit = true;
                break;
            }
        }

        Volatile.Write(ref stop, 1);
        foreach (var thread in threads)
        {
            thread.Join();
        }

        // Claimed slots are contiguous and every claimed request completed before its thread exited.
        log.SetCount(Math.Min(Volatile.Read(ref completed), log.Capacity));
        return new LoadRun(log, 1, clients.Count, null, 0, log.Count, hitLimit);
    }
}
