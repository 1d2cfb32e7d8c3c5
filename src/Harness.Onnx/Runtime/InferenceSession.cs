using Microsoft.ML.OnnxRuntime;
using ManagedOrtValue = Microsoft.ML.OnnxRuntime.OrtValue;
using ManagedSession = Microsoft.ML.OnnxRuntime.InferenceSession;

namespace Harness.Onnx.Runtime;

/// <summary>
/// One loaded model, with its inputs and outputs described once at load in Harness's terms, and
/// the runs Harness makes: one-off (<see cref="Run"/>), prepared for a measured loop
/// (<see cref="Prepare"/>) and bound by name (<see cref="CreateIoBinding"/>).
/// </summary>
public sealed class InferenceSession : LeasedNative
{
    private readonly ManagedSession _session;

    private InferenceSession(OrtEnvironment environment, ManagedSession session)
    {
        Library = environment.Library;
        _session = session;
        Inputs = session.InputNames.Select(name => Describe(name, session.InputMetadata[name])).ToArray();
        Outputs = session.OutputNames.Select(name => Describe(name, session.OutputMetadata[name])).ToArray();

        // Default run options, shared by every run of this session: ORT only reads them.
        RunOptions = new RunOptions();
    }

    public OrtLibrary Library { get; }

    public IReadOnlyList<TensorInfo> Inputs { get; }

    public IReadOnlyList<TensorInfo> Outputs { get; }

    /// <summary>The .NET API's session, for a lease holder running it (no disposed check: a lease keeps it alive).</summary>
    internal ManagedSession Leased => _session;

    internal RunOptions RunOptions { get; }

    public static InferenceSession FromFile(OrtEnvironment env, string path, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(path);
        var native = options.Native;
        return new InferenceSession(env, OrtException.Translate(() => new ManagedSession(path, native)));
    }

    public static InferenceSession FromBytes(OrtEnvironment env, ReadOnlySpan<byte> model, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        var native = options.Native;
        var bytes = model.ToArray();
        return new InferenceSession(env, OrtException.Translate(() => new ManagedSession(bytes, native)));
    }

    /// <summary>Runs once; outputs come back in <paramref name="outputNames"/> order and belong to the caller.</summary>
    public OrtValue[] Run(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs, IReadOnlyList<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputNames);
        ThrowIfDisposed();
        if (inputNames.Count != inputs.Count)
        {
            throw new ArgumentException($"{inputNames.Count} input names but {inputs.Count} inputs.", nameof(inputs));
        }

        var values = new ManagedOrtValue[inputs.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (inputs[i] ?? throw new ArgumentException($"inputs[{i}] is null.", nameof(inputs))).Native;
        }

        // The list the .NET API returns would dispose the outputs with it; they are handed on instead.
        var outputs = OrtException.Translate(() => _session.Run(RunOptions, inputNames.ToArray(), values, outputNames.ToArray()));
        GC.KeepAlive(inputs);
        return outputs.Select(o => new OrtValue(o)).ToArray();
    }

    /// <summary>
    /// Binds inputs and outputs once for repeated runs (see <see cref="PreparedRun"/>). The inputs
    /// stay alive, natively, until the prepared run is disposed; refill their data in place to run
    /// on new values. Outputs go to CPU memory, or stay on CUDA device <paramref name="outputsOnCudaDevice"/> where given.
    /// </summary>
    public PreparedRun Prepare(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs, IReadOnlyList<string> outputNames, int? outputsOnCudaDevice = null) =>
        new(this, inputNames, inputs, outputNames, outputsOnCudaDevice);

    public IoBinding CreateIoBinding() => new(this);

    /// <summary>Stops profiling (enabled by <see cref="SessionOptions.EnableProfiling"/>) and returns the profile file's path.</summary>
    public string EndProfiling()
    {
        ThrowIfDisposed();
        return OrtException.Translate(_session.EndProfiling);
    }

    private protected override void ReleaseNative()
    {
        RunOptions.Dispose();
        _session.Dispose();
    }

    private static TensorInfo Describe(string name, NodeMetadata metadata)
    {
        if (metadata.OnnxValueType != OnnxValueType.ONNX_TYPE_TENSOR)
        {
            return new TensorInfo(name, TensorElementType.Undefined, [], []) { IsTensor = false };
        }

        var symbols = metadata.SymbolicDimensions.Select(s => string.IsNullOrEmpty(s) ? null : s).ToArray();
        return new TensorInfo(name, (TensorElementType)(int)metadata.ElementDataType, metadata.Dimensions.Select(d => (long)d).ToArray(), symbols);
    }
}
