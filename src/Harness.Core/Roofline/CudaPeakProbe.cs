using System.Diagnostics;
using Harness.Measure.Targets;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace Harness.Roofline;

/// <summary>
/// A CUDA GPU's roof, measured with ILGPU kernels (<see cref="GpuKernels"/>) compiled to PTX and
/// loaded through the driver alone (no CUDA toolkit): fp32 FMA throughput with every SM full of
/// threads, and triad bandwidth over three device buffers of up to 1 GiB. int8 is not measured:
/// ILGPU 1.5.3 has no dp4a or tensor-core instruction to express it. A machine without the driver
/// or a GPU gets <see cref="PeakStatus.Unavailable"/> with the reason.
/// </summary>
public sealed class CudaPeakProbe : IPeakProbe
{
    private const double RoundSeconds = 0.05;
    private const int Rounds = 3;
    private const long MaxTriadElements = 1L << 28;
    private const string Int8NotMeasured = "not measured: ILGPU 1.5.3 has no dp4a or tensor-core int8 instruction";

    private readonly int deviceId;

    public CudaPeakProbe(int deviceId = 0) => this.deviceId = deviceId;

    public string Target => "cuda";

    public string DeviceKey(int threads) => $"cuda device {deviceId}|{GpuName() ?? "no gpu"}";

    public PeakFigures Measure(int threads)
    {
        if (CudaAvailability.DriverProblem() is { } problem)
        {
            return PeakFigures.Unavailable(Target, $"cuda device {deviceId}", problem, DateTimeOffset.UtcNow);
        }

        try
        {
            using var context = Context.Create(builder => builder.Cuda().Optimize(OptimizationLevel.O2));
            var devices = context.GetCudaDevices();
            if (deviceId >= devices.Count)
            {
                return PeakFigures.Unavailable(Target, $"cuda device {deviceId}", $"the CUDA driver lists {devices.Count} device(s), so device {deviceId} does not exist", DateTimeOffset.UtcNow);
            }

            using var accelerator = devices[deviceId].CreateCudaAccelerator(context);
            return Measure(accelerator, devices[deviceId]);
        }
        catch (Exception e) when (e is CudaException or InvalidOperationException or NotSupportedException or DllNotFoundException or AcceleratorException)
        {
            return PeakFigures.Unavailable(Target, $"cuda device {deviceId}", $"the CUDA driver refused the probe: {e.Message}", DateTimeOffset.UtcNow);
        }
    }

    private PeakFigures Measure(Accelerator accelerator, CudaDevice device)
    {
        var threadsLaunched = (long)accelerator.NumMultiprocessors * accelerator.MaxNumThreadsPerMultiprocessor * 4;
        var (fp32, _) = Fp32Throughput(accelerator, threadsLaunched);
        var (bandwidth, elements) = TriadBandwidth(accelerator);
        return new PeakFigures(
            Target,
            accelerator.Name,
            PeakStatus.Measured,
            null,
            (int)threadsLaunched,
            fp32 / 1e9,
            null,
            null,
            Int8NotMeasured,
            bandwidth / 1e9,
            $"ILGPU {typeof(Context).Assembly.GetName().Version} PTX for {device.Architecture}, {accelerator.NumMultiprocessors} SMs; fp32: {GpuKernels.Chains} chains of multiply-add per thread (FFMA); triad: 3 buffers of {elements * sizeof(float) >> 20} MiB",
            DateTimeOffset.UtcNow);
    }

    /// <summary>FMA rate in operations per second, measured like the CPU's: calibrate to about <see cref="RoundSeconds"/>, keep the best of <see cref="Rounds"/>.</summary>
    internal static (double OperationsPerSecond, int Iterations) Fp32Throughput(Accelerator accelerator, long threads)
    {
        using var output = accelerator.Allocate1D<float>(threads);
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, float, float>(GpuKernels.Fp32Fma);
        double Time(int iterations)
        {
            var start = Stopwatch.GetTimestamp();
            kernel((int)threads, output.View, iterations, 0.999999f, 1e-6f);
            accelerator.Synchronize();
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        var iterations = 16;
        Time(iterations); // compiles and loads the kernel
        double seconds;
        while ((seconds = Time(iterations)) < RoundSeconds / 4 && iterations < 1 << 24)
        {
            iterations *= 4;
        }

        iterations = (int)Math.Clamp(iterations * RoundSeconds / seconds, 1, int.MaxValue / 2);
        var best = double.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            best = Math.Min(best, Time(iterations));
        }

        return (GpuKernels.Fp32Operations(threads, iterations) / best, iterations);
    }

    /// <summary>Triad bandwidth in bytes per second over three buffers, each at most an eighth of device memory.</summary>
    internal static (double BytesPerSecond, long Elements) TriadBandwidth(Accelerator accelerator, long maxElements = MaxTriadElements)
    {
        var elements = Math.Min(maxElements, accelerator.MemorySize / 8 / sizeof(float));
        using var a = accelerator.Allocate1D<float>(elements);
        using var b = accelerator.Allocate1D<float>(elements);
        using var c = accelerator.Allocate1D<float>(elements);
        b.MemSetToZero();
        c.MemSetToZero();
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, float>(GpuKernels.Triad);
        var best = double.MaxValue;
        for (var round = 0; round < Rounds + 2; round++)
        {
            var start = Stopwatch.GetTimestamp();
            kernel((int)elements, a.View, b.View, c.View, 3f);
            accelerator.Synchronize();
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (round > 0)
            {
                best = Math.Min(best, seconds); // round 0 compiles the kernel
            }
        }

        return (3.0 * elements * sizeof(float) / best, elements);
    }

    private string? GpuName()
    {
        if (CudaAvailability.DriverProblem() is not null)
        {
            return null;
        }

        try
        {
            using var context = Context.Create(builder => builder.Cuda());
            var devices = context.GetCudaDevices();
            return deviceId < devices.Count ? devices[deviceId].Name : null;
        }
        catch (Exception e) when (e is CudaException or InvalidOperationException or NotSupportedException or DllNotFoundException)
        {
            return null;
        }
    }
}
