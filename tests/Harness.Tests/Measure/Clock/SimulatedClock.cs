using Harness.Measure.Clock;

namespace Harness.Tests.Measure.Clock;

/// <summary>
/// Simulated time for load and pacing tests: it moves only when a system spends service time or
/// a load waits for a deadline, so a test of seconds of load runs in milliseconds and gives the
/// same figures every time. Thread-safe, so closed-loop clients can share it.
/// </summary>
internal sealed class SimulatedTime
{
    private long now;

    public long Now => Interlocked.Read(ref now);

    public SimulatedClock Clock => new(this);

    public void Spend(TimeSpan duration) => Interlocked.Add(ref now, Duration.From(duration).Ticks);

    /// <summary>Moves the time on to <paramref name="deadline"/> unless it is already past; returns the time then.</summary>
    public long AdvanceTo(long deadline)
    {
        while (true)
        {
            var current = Interlocked.Read(ref now);
            if (current >= deadline)
            {
                return current;
            }

            if (Interlocked.CompareExchange(ref now, deadline, current) == current)
            {
                return deadline;
            }
        }
    }
}

/// <summary>The clock over a <see cref="SimulatedTime"/>: waiting jumps straight to the deadline.</summary>
internal readonly struct SimulatedClock(SimulatedTime time) : IClock
{
    public long GetTimestamp() => time.Now;

    public long WaitUntil(long deadline) => time.AdvanceTo(deadline);
}
