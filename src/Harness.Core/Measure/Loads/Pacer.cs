using System.Diagnostics;

namespace Harness.Measure.Loads;

/// <summary>
/// Waits until a Stopwatch timestamp. Sleeps while the wait is long (so a waiting load generator
/// leaves the cores to the model), yields when it is short, and spins only for the last tens of
/// microseconds, where sleeping would overshoot.
/// </summary>
public static class Pacer
{
    private static readonly long SleepThreshold = Stopwatch.Frequency / 500;   // 2 ms
    private static readonly long SpinThreshold = Stopwatch.Frequency / 20_000; // 50 µs

    public static long WaitUntil(long deadline)
    {
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            var remaining = deadline - now;
            if (remaining <= 0)
            {
                return now;
            }

            if (remaining > SleepThreshold)
            {
                Thread.Sleep(1);
            }
            else if (remaining > SpinThreshold)
            {
                Thread.Yield();
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }

    public static long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);
}
