using System.Diagnostics;

namespace Harness.Measure.Clock;

/// <summary>
/// Waits until a Stopwatch timestamp. Sleeps only while the wait is long (a sleeping thread can
/// wake milliseconds late on a busy machine, which would show as load-generator lag), yields
/// the core to whatever else is runnable when it is shorter, and spins for the last tens of
/// microseconds.
/// </summary>
public static class Pacer
{
    private static readonly long SleepThreshold = Stopwatch.Frequency / 50;    // 20 ms
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
}
