using System.Diagnostics;
using System.Runtime.InteropServices;
using Harness.Results;

namespace Harness.Roofline;

/// <summary>
/// The CPU's roof, measured with vectorised C# kernels (<see cref="CpuKernels"/>): fp32 FMA on
/// one core and on the target's threads, int8 dot products where the CPU and .NET have an
/// instruction for them, and STREAM-triad bandwidth over buffers several times the last-level
/// cache. Each figure is the best of three rounds of about 50 ms, about a second in all.
/// </summary>
/// <param name="round">How long each timed round lasts (default 50 ms); shorter rounds finish sooner and scatter more.</param>
public sealed class CpuPeakProbe(TimeSpan? round = null) : IPeakProbe
{
    private const int Rounds = 3;
    private const long MinTriadBytes = 64L << 20;
    private const long MaxTriadBytes = 256L << 20;

    public string Target => "cpu";

    public string DeviceKey(int threads) =>
        $"{EnvironmentProbe.CpuModel()}|{Environment.ProcessorCount} cores|{threads} threads|{RuntimeInformation.ProcessArchitecture}|{CpuKernels.VectorBits}-bit";

    public PeakFigures Measure(int threads)
    {
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        var fmaIterations = Calibrate(n => CpuKernels.Fp32Fma(n));
        var oneCore = CpuKernels.Fp32Operations(fmaIterations) / ParallelTimer.BestSeconds(1, Rounds, _ => CpuKernels.Fp32Fma(fmaIterations));
        var allCores = threads * CpuKernels.Fp32Operations(fmaIterations) / ParallelTimer.BestSeconds(threads, Rounds, _ => CpuKernels.Fp32Fma(fmaIterations));

        double? int8 = null;
        var int8Note = "unsupported: no int8 dot-product instruction .NET can run here (AVX-VNNI or Arm SDOT)";
        if (CpuKernels.Int8Instruction is { } instruction)
        {
            var dotIterations = Calibrate(n => CpuKernels.Int8Dot(n));
            int8 = threads * CpuKernels.Int8Operations(dotIterations) / ParallelTimer.BestSeconds(threads, Rounds, _ => CpuKernels.Int8Dot(dotIterations));
            int8Note = instruction;
        }

        var (bandwidth, triadBytes) = TriadBandwidth(threads);
        return new PeakFigures(
            Target,
            EnvironmentProbe.CpuModel(),
            PeakStatus.Measured,
            null,
            threads,
            allCores / 1e9,
            oneCore / 1e9,
            int8 / 1e9,
            int8Note,
            bandwidth / 1e9,
            $"fp32: {CpuKernels.Chains} chains of {CpuKernels.VectorBits}-bit multiply-add; triad: 3 arrays of {triadBytes >> 20} MiB",
            DateTimeOffset.UtcNow);
    }

    private double RoundSeconds { get; } = (round ?? TimeSpan.FromMilliseconds(50)).TotalSeconds;

    /// <summary>An iteration count whose single-thread run lasts about <see cref="RoundSeconds"/>; the first runs also warm the JIT up to its final code.</summary>
    private long Calibrate(Action<long> kernel)
    {
        long iterations = 1 << 12;
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            kernel(iterations);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (seconds >= RoundSeconds / 4 || iterations >= 1L << 40)
            {
                return Math.Max(1, (long)(iterations * RoundSeconds / Math.Max(seconds, 1e-9)));
            }

            iterations *= 4;
        }
    }

    private static (double BytesPerSecond, long ArrayBytes) TriadBandwidth(int threads)
    {
        var arrayBytes = Math.Clamp(4 * LastLevelCacheBytes(), MinTriadBytes, MaxTriadBytes);
        var length = (int)(arrayBytes / sizeof(float));
        var a = new float[length];
        var b = new float[length];
        var c = new float[length];
        b.AsSpan().Fill(1f);
        c.AsSpan().Fill(2f);
        var slice = (length + threads - 1) / threads;
        void Work(int thread)
        {
            var start = thread * slice;
            var count = Math.Min(slice, length - start);
            if (count > 0)
            {
                CpuKernels.Triad(a.AsSpan(start, count), b.AsSpan(start, count), c.AsSpan(start, count), 3f);
            }
        }

        Work(0); // first touch of a's pages, outside the timing
        var seconds = ParallelTimer.BestSeconds(threads, Rounds + 2, Work);
        return (3.0 * length * sizeof(float) / seconds, arrayBytes);
    }

    /// <summary>The largest cache Linux reports for CPU 0, in bytes; 32 MiB where sysfs says nothing.</summary>
    private static long LastLevelCacheBytes()
    {
        long largest = 0;
        const string caches = "/sys/devices/system/cpu/cpu0/cache";
        if (Directory.Exists(caches))
        {
            foreach (var index in Directory.EnumerateDirectories(caches, "index*"))
            {
                var sizeFile = Path.Combine(index, "size");
                if (File.Exists(sizeFile) && ParseSize(File.ReadAllText(sizeFile).Trim()) is { } size)
                {
                    largest = Math.Max(largest, size);
                }
            }
        }

        return largest > 0 ? largest : 32L << 20;
    }

    private static long? ParseSize(string text)
    {
        var multiplier = text.EndsWith('K') ? 1L << 10 : text.EndsWith('M') ? 1L << 20 : 1L;
        var digits = multiplier == 1 ? text : text[..^1];
        return long.TryParse(digits, out var value) ? value * multiplier : null;
    }
}
