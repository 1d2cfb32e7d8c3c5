using Microsoft.ML.OnnxRuntime;
using ManagedSession = Microsoft.ML.OnnxRuntime.InferenceSession;

namespace Harness.Onnx.Runtime;

/// <summary>
/// ORT's IO binding: inputs and outputs bound by name once, then <see cref="Run"/> repeatedly.
/// Bound values stay alive (natively) while bound, so disposing one early cannot free memory ORT
/// still reads or writes; the binding holds its session open the same way.
/// </summary>
public sealed class IoBinding : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ManagedSession _native;
    private readonly OrtIoBinding _binding;
    private readonly Dictionary<string, OrtValue> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrtValue> _outputs = new(StringComparer.Ordinal);
    private bool _disposed;

    internal IoBinding(InferenceSession session)
    {
        session.AddLease();
        _session = session;
        _native = session.Leased;
        try
        {
            _binding = OrtException.Translate(_native.CreateIoBinding);
        }
        catch
        {
            session.EndLease();
            throw;
        }
    }

    public void BindInput(string name, OrtValue value) => Bind(_inputs, name, value, input: true);

    /// <summary>Binds a pre-allocated output that ORT writes into on each run.</summary>
    public void BindOutput(string name, OrtValue value) => Bind(_outputs, name, value, input: false);

    /// <summary>Lets ORT allocate the output on CPU each run (for outputs whose shape is not known in advance).</summary>
    public void BindOutputToCpu(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        OrtException.Translate(() => _binding.BindOutputToDevice(name, OrtMemoryInfo.DefaultInstance));
        Unhold(_outputs, name);
    }

    /// <summary>Runs with the bound values (RunWithBinding). No managed allocation on success.</summary>
    public void Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            _native.RunWithBinding(_session.RunOptions, _binding);
        }
        catch (OnnxRuntimeException e)
        {
            throw OrtException.From(e);
        }
    }

    /// <summary>The outputs of the last run, in binding order; the caller disposes them.</summary>
    public OrtValue[] GetOutputs()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // The list the .NET API returns would dispose the outputs with it; they are handed on instead.
        return OrtException.Translate(_binding.GetOutputValues).Select(o => new OrtValue(o)).ToArray();
    }

    /// <summary>Unbinds every input.</summary>
    public void ClearInputs()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _binding.ClearBoundInputs();
        UnholdAll(_inputs);
    }

    /// <summary>Unbinds every output.</summary>
    public void ClearOutputs()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _binding.ClearBoundOutputs();
        UnholdAll(_outputs);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _binding.Dispose();
        UnholdAll(_inputs);
        UnholdAll(_outputs);
        _session.EndLease();
    }

    private void Bind(Dictionary<string, OrtValue> held, string name, OrtValue value, bool input)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        ObjectDisposedException.ThrowIf(_disposed, this);

        // Hold the new value before letting go of the one it replaced (they may be the same).
        value.AddLease();
        try
        {
            OrtException.Translate(() =>
            {
                if (input)
                {
                    _binding.BindInput(name, value.Leased);
                }
                else
                {
                    _binding.BindOutput(name, value.Leased);
                }
            });
        }
        catch
        {
            value.EndLease();
            throw;
        }

        Unhold(held, name);
        held[name] = value;
    }

    private static void Unhold(Dictionary<string, OrtValue> held, string name)
    {
        if (held.Remove(name, out var previous))
        {
            previous.EndLease();
        }
    }

    private static void UnholdAll(Dictionary<string, OrtValue> held)
    {
        foreach (var value in held.Values)
        {
            value.EndLease();
        }

        held.Clear();
    }
}
