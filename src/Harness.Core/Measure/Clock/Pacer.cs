using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Harness.Measure.Clock;

/// <summary>
/// Waits until a Stopwatch timestamp: sleeps until shortly before it, then spins the last tens of
/// microseconds. Sleeping rather than yielding matters on a machine whose cores are all busy: a
/// thread that yields or spins uses up its fair share and waits behind every other runnable
/// thread, while one that sleeps keeps its share and is run as soon as its timer fires (the
/// kernel's wake-up preemption). On a shared 2-core machine at a load average of 10–16, the no-op
/// target at 300 qps had 21–31% of its queries issued over 1 ms late when the pacer yielded below
/// 20 ms, and 2–10% with this one. It also leaves the cores to the system under test while it
/// waits. On Linux the sleep is nanosleep, to the microsecond; elsewhere whole milliseconds, then spinning.
/// </summary>
public static class Pacer
{
    /// <summary>How early the sleep ends: the kernel's default timer slack (50 µs) and a wake-up.</summary>
    private static readonly long WakeMargin = Stopwatch.Frequency / 5_000; // 200 µs

    private static readonly long Millisecond = Stopwatch.Frequency / 1_000;

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

            if (remaining > WakeMargin)
            {
                Sleep(remaining - WakeMargin);
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }

    private static void Sleep(long ticks)
    {
        if (OperatingSystem.IsLinux())
        {
            var nanoseconds = ticks * (1_000_000_000.0 / Stopwatch.Frequency);
            var request = new TimeSpec((long)(nanoseconds / 1_000_000_000), (long)(nanoseconds % 1_000_000_000));
            _ = NanoSleep(in request, IntPtr.Zero);
        }
        else if (ticks > Millisecond)
        {
            Thread.Sleep(1);
        }
        else
        {
            Thread.SpinWait(20);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct TimeSpec(long Seconds, long Nanoseconds);

    [DllImport("libc", EntryPoint = "nanosleep")]
    private static extern int NanoSleep(in TimeSpec request, IntPtr remaining);
}
