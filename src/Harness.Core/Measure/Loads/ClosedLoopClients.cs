using Harness.Measure.Clock;
using Harness.Measure.Stopping;
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
    private const int Running = 0;
    private const int MinimumsMet = 1;
    private const int LimitHit = 2;

    public static LoadRun Run<TClock>(TClock clock, IReadOnlyList<ISystemUnderTest> clients, RunRules rules)
        where TClock : struct, IClock
    {
        var log = new RequestLog(rules.MaxQueries);
        var limits = new RunLimits(rules);
        var claimed = -1;
        var completed = 0;
        var state = Running;
        var start = clock.GetTimestamp();

        // The client whose answer meets the minimums (or exhausts a maximum) stops the run at once,
        // on the run's own clock: no watcher thread polls, so nothing but the clients runs.
        void Finish(int how) => Interlocked.CompareExchange(ref state, how, Running);

        // Every client sends at least one request, even one whose thread starts after another
        // client has stopped the run, so a step of N clients is measured with all N.
        var threads = clients.Select(client => new Thread(() =>
        {
            do
            {
                var index = Interlocked.Increment(ref claimed);
                if (index >= log.Capacity)
                {
                    break;
                }

                var issued = clock.GetTimestamp();
                client.Infer(index, 1);
                var answered = clock.GetTimestamp();
                log.RecordAt(index, issued, issued, answered);
                var done = Interlocked.Increment(ref completed);
                var elapsed = answered - start;
                if (limits.MinimumsMet(done, elapsed))
                {
                    Finish(MinimumsMet);
                }
                else if (limits.OutOfTime(elapsed) || done >= log.Capacity)
                {
                    Finish(LimitHit);
                }
            }
            while (Volatile.Read(ref state) == Running);
        })
        { IsBackground = true, Name = "harness client" }).ToList();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        // Claimed slots are contiguous and every claimed request completed before its thread exited.
        log.SetCount(Math.Min(Volatile.Read(ref completed), log.Capacity));
        return new LoadRun(log, 1, clients.Count, null, 0, log.Count, Volatile.Read(ref state) == LimitHit);
    }
}
