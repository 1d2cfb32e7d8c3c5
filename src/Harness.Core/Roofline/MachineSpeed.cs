using System.Diagnostics;

namespace Harness.Roofline;

/// <summary>
/// A reference for how fast this machine runs right now: the roofline probe's fp32 FMA kernel on
/// the calling thread, timed in eleven rounds of about a millisecond, the fastest taken (a round
/// that a passing thread or a page fault slowed says nothing of the machine's speed). A job
/// samples it before and after its measurement, so a comparison of two runs can tell a change in
/// the model from a change in the machine (a shared host whose CPU runs a third slower for a
/// while moves every latency with it).
/// </summary>
public static class MachineSpeed
{
    private const int Rounds = 11;
    private static readonly long RoundTicks = Stopwatch.Frequency / 1000;

    /// <summary>The kernel's rate now, in GFLOP/s on one thread.</summary>
    public static double Sample()
    {
        // Grow the round until it lasts a millisecond; the first rounds also bring the JIT's final code.
        long iterations = 256;
        while (Time(iterations) < RoundTicks && iterations < (1L << 32))
        {
            iterations *= 2;
        }

        var rates = new double[Rounds];
        for (var i = 0; i < Rounds; i++)
        {
            var ticks = Math.Max(Time(iterations), 1);
            rates[i] = CpuKernels.Fp32Operations(iterations) / (ticks / (double)Stopwatch.Frequency) / 1e9;
        }

        return rates.Max();
    }

    private static long Time(long iterations)
    {
        var start = Stopwatch.GetTimestamp();
        GC.KeepAlive(CpuKernels.Fp32Fma(iterations));
        return Stopwatch.GetTimestamp() - start;
    }
}
