using Microsoft.ML.OnnxRuntime;
using ManagedSession = Microsoft.ML.OnnxRuntime.InferenceSession;

namespace Harness.Onnx.Runtime;

/// <summary>
/// A run whose inputs and outputs were bound once (ORT's IO binding), so <see cref="Invoke"/> is
/// one <c>RunWithBinding</c> and allocates no managed memory: the measured loop of a benchmark.
/// Outputs are bound to CPU memory: ORT allocates each on the first run and, the inputs' shapes
/// being fixed, writes every later run into it. It holds the session and its inputs open
/// (natively) until disposed. Not thread-safe: one prepared run per thread.
/// </summary>
public sealed class PreparedRun : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtValue[] _inputs;
    private readonly ManagedSession _native;
    private readonly RunOptions _runOptions;
    private readonly OrtIoBinding _binding;
    private readonly string[] _outputNames;
    private readonly OrtMemoryInfo? _outputMemory;
    private bool _disposed;

    /// <param name="outputsOnCudaDevice">Where set, outputs stay in that GPU's memory (no device-to-host copy per run); else they are copied to CPU memory.</param>
    internal PreparedRun(InferenceSession session, IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs, IReadOnlyList<string> outputNames, int? outputsOnCudaDevice = null)
    {
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputNames);
        if (inputNames.Count != inputs.Count)
        {
            throw new ArgumentException($"{inputNames.Count} input names but {inputs.Count} inputs.", nameof(inputs));
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            _ = inputs[i] ?? throw new ArgumentException($"inputs[{i}] is null.", nameof(inputs));
        }

        session.AddLease();
        _session = session;
        _native = session.Leased;
        _runOptions = session.RunOptions;
        _inputs = [];
        _outputNames = outputNames.ToArray();
        _outputMemory = outputsOnCudaDevice is { } device
            ? new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, device, OrtMemType.Default)
            : null;
        try
        {
            _binding = OrtException.Translate(_native.CreateIoBinding);
            _inputs = Lease(inputs);
            OrtException.Translate(() =>
            {
                for (var i = 0; i < _inputs.Length; i++)
                {
                    _binding.BindInput(inputNames[i], _inputs[i].Leased);
                }

                BindOutputs(_outputMemory ?? OrtMemoryInfo.DefaultInstance);
            });
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Runs once; the outputs stay with the binding, for the next run to write into. No managed allocation on success.</summary>
    public void Invoke()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            _native.RunWithBinding(_runOptions, _binding);
        }
        catch (OnnxRuntimeException e)
        {
            throw OrtException.From(e);
        }
    }

    /// <summary>Runs once; the caller owns (and disposes) the outputs, in output-name order.</summary>
    public OrtValue[] InvokeAndTakeOutputs()
    {
        Invoke();

        // The list the .NET API returns would dispose the outputs with it; they are handed on
        // instead, and fresh bindings keep the next run from writing into what the caller now owns.
        var outputs = OrtException.Translate(_binding.GetOutputValues).Select(o => new OrtValue(o)).ToArray();
        OrtException.Translate(() => BindOutputs(OrtMemoryInfo.DefaultInstance));
        return outputs;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _binding?.Dispose();
        _outputMemory?.Dispose();
        foreach (var input in _inputs)
        {
            input.EndLease();
        }

        _session.EndLease();
    }

    private void BindOutputs(OrtMemoryInfo memory)
    {
        foreach (var name in _outputNames)
        {
            _binding.BindOutputToDevice(name, memory);
        }
    }

    private static OrtValue[] Lease(IReadOnlyList<OrtValue> inputs)
    {
        var leased = new List<OrtValue>(inputs.Count);
        try
        {
            foreach (var input in inputs)
            {
                input.AddLease();
                leased.Add(input);
            }
        }
        catch
        {
            leased.ForEach(input => input.EndLease());
            throw;
        }

        return leased.ToArray();
    }
}
