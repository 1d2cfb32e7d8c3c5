using System.Globalization;
using System.Runtime.InteropServices;

namespace Harness.Measure.Placement;

/// <summary>
/// This process's CPU affinity, through Linux's <c>sched_setaffinity</c>. The kernel keeps an
/// affinity per thread, and a new thread inherits its creator's: pinning only the calling thread
/// would leave the runtime's threads (GC, tiered JIT, the thread pool) free, and every thread they
/// start later. So every thread in <c>/proc/self/task</c> is pinned, again until a pass finds
/// none left over (a thread started during a pass).
/// </summary>
public static class CpuAffinity
{
    private const int MaskWords = 64; // 4,096 cores
    private const int Bits = 64;

    /// <summary>Whether this platform has per-thread affinity Harness can set (Linux).</summary>
    public static bool Supported => OperatingSystem.IsLinux();

    /// <summary>The cores the calling thread may run on, in ascending order.</summary>
    public static IReadOnlyList<int> Current()
    {
        if (!Supported)
        {
            return [.. Enumerable.Range(0, Environment.ProcessorCount)];
        }

        var mask = new ulong[MaskWords];
        if (GetAffinity(0, MaskWords * sizeof(ulong), mask) != 0)
        {
            throw new InvalidOperationException($"sched_getaffinity failed with errno {Marshal.GetLastPInvokeError()}");
        }

        var cores = new List<int>();
        for (var core = 0; core < MaskWords * Bits; core++)
        {
            if ((mask[core / Bits] & (1UL << (core % Bits))) != 0)
            {
                cores.Add(core);
            }
        }

        return cores;
    }

    /// <summary>Pins every thread of this process to <paramref name="cores"/>; those started afterwards inherit it.</summary>
    public static void PinProcess(IReadOnlyList<int> cores)
    {
        var mask = new ulong[MaskWords];
        foreach (var core in cores)
        {
            mask[core / Bits] |= 1UL << (core % Bits);
        }

        var pinned = new HashSet<int>();
        for (var pass = 0; pass < 8; pass++)
        {
            var fresh = 0;
            foreach (var thread in ThreadIds())
            {
                if (!pinned.Add(thread))
                {
                    continue;
                }

                fresh++;
                // ESRCH: the thread ended between the listing and the call; nothing left to pin.
                if (SetAffinity(thread, MaskWords * sizeof(ulong), mask) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != Esrch)
                {
                    throw new InvalidOperationException($"sched_setaffinity failed for thread {thread} with errno {errno}");
                }
            }

            if (fresh == 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The cores every thread of this process may run on, as the kernel reports them
    /// (<c>Cpus_allowed_list</c> of each thread's status), and how many threads were read.
    /// </summary>
    public static (IReadOnlyList<int> Cores, int Threads) AllowedForAllThreads()
    {
        var union = new SortedSet<int>();
        var threads = 0;
        foreach (var thread in ThreadIds())
        {
            var status = $"/proc/self/task/{thread.ToString(CultureInfo.InvariantCulture)}/status";
            string[] lines;
            try
            {
                lines = File.ReadAllLines(status);
            }
            catch (IOException)
            {
                continue; // the thread has ended
            }

            foreach (var line in lines)
            {
                if (line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
                {
                    union.UnionWith(CoreList.Parse(line["Cpus_allowed_list:".Length..]));
                    threads++;
                }
            }
        }

        return ([.. union], threads);
    }

    private static IEnumerable<int> ThreadIds() => Directory.EnumerateDirectories("/proc/self/task")
        .Select(Path.GetFileName)
        .Select(name => int.Parse(name!, CultureInfo.InvariantCulture));

    private const int Esrch = 3;

    [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static extern int SetAffinity(int threadId, nint size, ulong[] mask);

    [DllImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static extern int GetAffinity(int threadId, nint size, [Out] ulong[] mask);
}
