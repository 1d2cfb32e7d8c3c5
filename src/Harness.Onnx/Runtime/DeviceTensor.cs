using Microsoft.ML.OnnxRuntime;
using ManagedOrtValue = Microsoft.ML.OnnxRuntime.OrtValue;

namespace Harness.Onnx.Runtime;

/// <summary>
/// A tensor in one GPU's memory with a host tensor's type and shape, as an <see cref="OrtValue"/>
/// ONNX Runtime's CUDA provider reads in place: bound as an input, it costs no host-to-device copy
/// per run. The buffer is Harness's own (cudaMalloc), freed with the tensor.
/// </summary>
public sealed class DeviceTensor : IDisposable
{
    private readonly IntPtr buffer;
    private readonly long bytes;
    private bool disposed;

    private DeviceTensor(IntPtr buffer, long bytes, OrtValue value)
    {
        this.buffer = buffer;
        this.bytes = bytes;
        Value = value;
    }

    public OrtValue Value { get; }

    /// <summary>A device copy of <paramref name="host"/> on CUDA device <paramref name="deviceId"/>.</summary>
    public static DeviceTensor CopyOf(OrtValue host, int deviceId)
    {
        ArgumentNullException.ThrowIfNull(host);
        var data = host.GetBytes();
        var buffer = CudaRuntime.Allocate(deviceId, data.Length);
        try
        {
            CudaRuntime.CopyToDevice(buffer, data);
            var length = data.Length;
            using var memory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, deviceId, OrtMemType.Default);
            var value = OrtException.Translate(() => ManagedOrtValue.CreateTensorValueWithData(
                memory, (Microsoft.ML.OnnxRuntime.Tensors.TensorElementType)host.ElementType, host.Shape, buffer, length));
            return new DeviceTensor(buffer, length, new OrtValue(value));
        }
        catch
        {
            CudaRuntime.Free(buffer);
            throw;
        }
    }

    /// <summary>Copies <paramref name="host"/>'s bytes in again (same size): one host-to-device transfer, synchronous.</summary>
    public void CopyFrom(OrtValue host)
    {
        ArgumentNullException.ThrowIfNull(host);
        ObjectDisposedException.ThrowIf(disposed, this);
        var data = host.GetBytes();
        if (data.Length != bytes)
        {
            throw new ArgumentException($"the host tensor has {data.Length} bytes, the device tensor {bytes}", nameof(host));
        }

        CudaRuntime.CopyToDevice(buffer, data);
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        Value.Dispose();
        CudaRuntime.Free(buffer);
    }
}
