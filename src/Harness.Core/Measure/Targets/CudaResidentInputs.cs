using System.Diagnostics;
using Harness.Measure.Statistics;
using Harness.Onnx.Runtime;
using Harness.Results;

namespace Harness.Measure.Targets;

/// <summary>
/// Closed loops on a GPU read their inputs from its memory and leave the outputs there, so the
/// latency measured is the model's compute; the host-to-device copy a real request adds is timed
/// apart, over the same tensors, and reported beside it. Also keeps the device memory the worker
/// holds, from the driver's free-memory figure before the session and after measuring.
/// </summary>
public sealed class CudaResidentInputs
{
    private const int TimedCopies = 50;

    private readonly long freeBeforeSession;
    private long? memoryInUse;
    private LatencySummary? hostToDevice;

    /// <summary>Call before the session is created: the free memory then is the baseline for what the worker takes.</summary>
    public CudaResidentInputs(int deviceId)
    {
        DeviceId = deviceId;
        freeBeforeSession = CudaRuntime.MemoryInfo(deviceId).Free;
    }

    public int DeviceId { get; }

    public DeviceInfo Figures => new("cuda", DeviceId, memoryInUse, hostToDevice);

    /// <summary>Device copies of <paramref name="host"/>, after timing the copy of all of them <see cref="TimedCopies"/> times.</summary>
    public List<DeviceTensor> Upload(IReadOnlyList<OrtValue> host)
    {
        var device = new List<DeviceTensor>(host.Count);
        try
        {
            device.AddRange(host.Select(tensor => DeviceTensor.CopyOf(tensor, DeviceId)));
            var copies = new double[TimedCopies];
            for (var i = 0; i < copies.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                for (var t = 0; t < device.Count; t++)
                {
                    device[t].CopyFrom(host[t]);
                }

                copies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            hostToDevice = LatencyStatistics.Summarize(copies);
            return device;
        }
        catch
        {
            device.ForEach(d => d.Dispose());
            throw;
        }
    }

    /// <summary>Reads the device's free memory again; what is missing since before the session is the worker's.</summary>
    public void NoteMemory()
    {
        var used = freeBeforeSession - CudaRuntime.MemoryInfo(DeviceId).Free;
        memoryInUse = Math.Max(memoryInUse ?? 0, used);
    }
}
