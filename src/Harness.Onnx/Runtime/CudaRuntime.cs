using System.Runtime.InteropServices;

namespace Harness.Onnx.Runtime;

/// <summary>
/// The few CUDA runtime calls Harness makes itself: device buffers for inputs that stay in GPU
/// memory, host-to-device copies timed apart from compute, and the device's memory in use. The
/// library is CUDA 13's, the one ONNX Runtime's CUDA build links against, so it is only loaded in
/// a worker that already runs that build.
/// </summary>
public static partial class CudaRuntime
{
    private const string Library = "libcudart.so.13";
    private const int HostToDevice = 1;

    /// <summary>Free and total bytes of the device's memory, as the driver sees them (every process's use counted).</summary>
    public static (long Free, long Total) MemoryInfo(int deviceId)
    {
        Check(cudaSetDevice(deviceId), "cudaSetDevice");
        Check(cudaMemGetInfo(out var free, out var total), "cudaMemGetInfo");
        return ((long)free, (long)total);
    }

    internal static IntPtr Allocate(int deviceId, long bytes)
    {
        Check(cudaSetDevice(deviceId), "cudaSetDevice");
        Check(cudaMalloc(out var pointer, (nuint)Math.Max(bytes, 1)), $"cudaMalloc of {bytes} bytes");
        return pointer;
    }

    internal static void Free(IntPtr pointer) => _ = cudaFree(pointer);

    /// <summary>A synchronous copy: when it returns, the bytes are on the device.</summary>
    internal static unsafe void CopyToDevice(IntPtr device, ReadOnlySpan<byte> host)
    {
        fixed (byte* source = host)
        {
            Check(cudaMemcpy(device, (IntPtr)source, (nuint)host.Length, HostToDevice), "cudaMemcpy host to device");
        }
    }

    private static void Check(int status, string call)
    {
        if (status != 0)
        {
            throw new InvalidOperationException($"{call} failed: {Marshal.PtrToStringAnsi(cudaGetErrorString(status))} (CUDA error {status})");
        }
    }

    [LibraryImport(Library)]
    private static partial int cudaSetDevice(int device);

    [LibraryImport(Library)]
    private static partial int cudaMemGetInfo(out nuint free, out nuint total);

    [LibraryImport(Library)]
    private static partial int cudaMalloc(out IntPtr pointer, nuint size);

    [LibraryImport(Library)]
    private static partial int cudaFree(IntPtr pointer);

    [LibraryImport(Library)]
    private static partial int cudaMemcpy(IntPtr destination, IntPtr source, nuint count, int kind);

    [LibraryImport(Library)]
    private static partial IntPtr cudaGetErrorString(int error);
}
