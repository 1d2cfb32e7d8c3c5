namespace Harness.Onnx.Runtime;

/// <summary>
/// A Run whose names and input handles were marshalled once, so <see cref="Invoke"/> allocates no
/// managed memory: the measured loop of a benchmark. It holds the session and its inputs open
/// (natively) until disposed. Not thread-safe: one prepared run per thread.
/// </summary>
public sealed unsafe class PreparedRun : IDisposable
{
    private readonly OrtApi _api;
    private readonly SessionHandle _session;
    private readonly OrtHandle[] _held;
    private readonly NativeStringArray _inputNames;
    private readonly NativeStringArray _outputNames;

    // ORT treats a non-null output slot as a caller-provided output, so every slot is 0 between runs.
    private readonly nint[] _inputs;
    private readonly nint[] _outputs;
    private int _heldCount;
    private bool _disposed;

    internal PreparedRun(InferenceSession session, IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs, IReadOnlyList<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputNames);
        if (inputNames.Count != inputs.Count)
        {
            GC.SuppressFinalize(this);
            throw new ArgumentException($"{inputNames.Count} input names but {inputs.Count} inputs.", nameof(inputs));
        }

        _api = session.Library.Api;
        _session = session.Handle;
        _inputs = new nint[inputs.Count];
        _outputs = new nint[outputNames.Count];
        _held = new OrtHandle[inputs.Count + 1];
        try
        {
            _inputNames = new NativeStringArray(inputNames, nameof(inputNames));
            _outputNames = new NativeStringArray(outputNames, nameof(outputNames));
            Hold(_session);
            for (var i = 0; i < inputs.Count; i++)
            {
                var input = inputs[i] ?? throw new ArgumentException($"inputs[{i}] is null.", nameof(inputs));
                _inputs[i] = Hold(input.Handle);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    ~PreparedRun() => Dispose(disposing: false);

    /// <summary>Runs once and releases the outputs ORT allocated. No managed allocation on success.</summary>
    public void Invoke()
    {
        RunOnce();
        ReleaseOutputs();
        GC.KeepAlive(this);
    }

    /// <summary>Runs once; the caller owns (and disposes) the outputs, in output-name order.</summary>
    public OrtValue[] InvokeAndTakeOutputs()
    {
        RunOnce();
        var outputs = _outputs;
        var result = new OrtValue[outputs.Length];
        for (var i = 0; i < outputs.Length; i++)
        {
            var handle = new ValueHandle(_api);
            handle.Attach(outputs[i]);
            outputs[i] = 0;
            result[i] = new OrtValue(handle);
        }

        GC.KeepAlive(this);
        return result;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    private void RunOnce()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            fixed (nint* inputPointers = _inputs)
            fixed (nint* outputPointers = _outputs)
            {
                _api.RunSession(_session.DangerousGetHandle(), 0, _inputNames.Pointers, inputPointers, (nuint)_inputs.Length,
                    _outputNames.Pointers, (nuint)_outputs.Length, outputPointers);
            }
        }
        catch
        {
            ReleaseOutputs();
            throw;
        }
    }

    private void ReleaseOutputs()
    {
        var outputs = _outputs;
        for (var i = 0; i < outputs.Length; i++)
        {
            if (outputs[i] != 0)
            {
                _api.Release(OrtApi.ReleaseValue, outputs[i]);
                outputs[i] = 0;
            }
        }
    }

    private nint Hold(OrtHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        _held[_heldCount++] = handle;
        return handle.DangerousGetHandle();
    }

    private void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // Ending the leases is safe from the finalizer: SafeHandles finalize after ordinary objects.
        for (var i = 0; i < _heldCount; i++)
        {
            _held[i].DangerousRelease();
        }

        _heldCount = 0;
        if (disposing)
        {
            // Null only when construction failed part-way.
            _inputNames?.Dispose();
            _outputNames?.Dispose();
        }
    }
}
