using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace Harness.Benchmarks;

/// <summary>
/// A BenchmarkDotNet clock that reads the calling thread's CPU time (Linux
/// <c>CLOCK_THREAD_CPUTIME_ID</c>) instead of wall time. On a shared machine a wall clock also
/// counts the time the benchmark thread sat preempted by someone else's build; CPU time counts
/// only the work the thread did. It equals wall time for work that runs entirely on the
/// measuring thread and never blocks, which holds here: ONNX Runtime with one intra-op thread
/// and sequential execution computes on the caller's thread, and the loops allocate nothing,
/// so no GC runs on another thread. Public with a parameterless constructor because the
/// benchmark process that BenchmarkDotNet generates creates it by type.
/// </summary>
public sealed partial class ThreadCpuClock : IClock
{
    private const int ClockThreadCpuTimeId = 3;

    public string Title => "thread CPU time";

    public bool IsAvailable => OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out _) == 0;

    public Frequency Frequency => Frequency.GHz;

    public long GetTimestamp()
    {
        ClockGetTime(ClockThreadCpuTimeId, out var now);
        return (now.Seconds * 1_000_000_000L) + now.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    /// <summary>struct timespec on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
