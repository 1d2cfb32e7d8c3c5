namespace Harness.Onnx.Runtime;

/// <summary>
/// An <c>OrtIoBinding</c>: inputs and outputs bound by name once, then <see cref="Run"/> repeatedly.
/// Bound values stay alive (natively) while bound, so disposing one early cannot free memory ORT
/// still reads or writes.
/// </summary>
public sealed unsafe class IoBinding : IDisposable
{
    private readonly OrtLibrary _library;
    private readonly OrtApi _api;
    private readonly SessionHandle _session;
    private readonly IoBindingHandle _handle;
    private readonly Dictionary<string, ValueHandle> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ValueHandle> _outputs = new(StringComparer.Ordinal);

    internal IoBinding(InferenceSession session)
    {
        _library = session.Library;
        _api = _library.Api;
        _session = session.Handle;
        _handle = new IoBindingHandle(_api);
        using var lease = new HandleLease(_session);
        _handle.Attach(_api.NewIoBinding(lease.Value));
        _handle.AddDependency(_session);
    }

    public void BindInput(string name, OrtValue value) => BindValue(OrtApi.BindInput, _inputs, name, value);

    /// <summary>Binds a pre-allocated output that ORT writes into on each run.</summary>
    public void BindOutput(string name, OrtValue value) => BindValue(OrtApi.BindOutput, _outputs, name, value);

    /// <summary>Lets ORT allocate the output on CPU each run (for outputs whose shape is not known in advance).</summary>
    public void BindOutputToCpu(string name)
    {
        using var utf8 = new Utf8String(name, nameof(name));
        using var binding = new HandleLease(_handle);
        using var cpu = new HandleLease(_library.CpuMemoryInfo);
        _api.BindToDevice(binding.Value, utf8.Pointer, cpu.Value);
        Unhold(_outputs, name);
    }

    /// <summary>Runs with the bound values (RunWithBinding). No managed allocation on success.</summary>
    public void Run()
    {
        using var binding = new HandleLease(_handle);

        // The binding holds the session open, so its raw pointer is valid while the binding is.
        _api.RunBinding(_session.DangerousGetHandle(), 0, binding.Value);
    }

    /// <summary>The outputs of the last run, in binding order; the caller disposes them.</summary>
    public OrtValue[] GetOutputs()
    {
        using var binding = new HandleLease(_handle);
        nint* values;
        nuint count;
        _api.BoundOutputValues(binding.Value, _api.DefaultAllocator, &values, &count);
        if (values == null)
        {
            return [];
        }

        var result = new OrtValue[(int)count];
        try
        {
            for (var i = 0; i < result.Length; i++)
            {
                var handle = new ValueHandle(_api);
                handle.Attach(values[i]);
                result[i] = new OrtValue(handle);
            }
        }
        finally
        {
            _api.Free(_api.DefaultAllocator, values);
        }

        return result;
    }

    /// <summary>Unbinds every input (ClearBoundInputs).</summary>
    public void ClearInputs()
    {
        using var binding = new HandleLease(_handle);
        _api.CallVoid(OrtApi.ClearBoundInputs, binding.Value);
        foreach (var name in _inputs.Keys.ToArray())
        {
            Unhold(_inputs, name);
        }
    }

    /// <summary>Unbinds every output (ClearBoundOutputs).</summary>
    public void ClearOutputs()
    {
        using var binding = new HandleLease(_handle);
        _api.CallVoid(OrtApi.ClearBoundOutputs, binding.Value);
        foreach (var name in _outputs.Keys.ToArray())
        {
            Unhold(_outputs, name);
        }
    }

    public void Dispose() => _handle.Dispose();

    private void BindValue(int bindIndex, Dictionary<string, ValueHandle> held, string name, OrtValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var utf8 = new Utf8String(name, nameof(name));
        using var binding = new HandleLease(_handle);
        using var lease = new HandleLease(value.Handle);
        _api.Bind(bindIndex, binding.Value, utf8.Pointer, lease.Value);

        // Hold the new value before letting go of the one it replaced (they may be the same).
        _handle.AddDependency(value.Handle);
        Unhold(held, name);
        held[name] = value.Handle;
    }

    private void Unhold(Dictionary<string, ValueHandle> held, string name)
    {
        if (held.Remove(name, out var previous))
        {
            _handle.RemoveDependency(previous);
        }
    }
}
