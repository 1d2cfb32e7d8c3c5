namespace Harness.Onnx.Runtime;

/// <summary>
/// <c>OrtSessionOptions</c>. Each setter goes to ORT at once, so a bad value fails where it is set;
/// getters return what was last set here (ORT offers no way to read options back).
/// </summary>
public sealed unsafe class SessionOptions : IDisposable
{
    private int _intraOpThreads;
    private int _interOpThreads;
    private GraphOptimizationLevel _graphOptimizationLevel = GraphOptimizationLevel.All;
    private ExecutionMode _executionMode = ExecutionMode.Sequential;

    public SessionOptions(OrtLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        Library = library;
        Handle = new SessionOptionsHandle(library.Api);
        Handle.Attach(library.Api.NewSessionOptions());
    }

    public OrtLibrary Library { get; }

    /// <summary>Threads inside one operator; 0 lets ORT choose (one per physical core).</summary>
    public int IntraOpThreads
    {
        get => _intraOpThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            SetInt(OrtApi.SetIntraOpNumThreads, value);
            _intraOpThreads = value;
        }
    }

    /// <summary>Threads running independent operators; only used in <see cref="ExecutionMode.Parallel"/>.</summary>
    public int InterOpThreads
    {
        get => _interOpThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            SetInt(OrtApi.SetInterOpNumThreads, value);
            _interOpThreads = value;
        }
    }

    public GraphOptimizationLevel GraphOptimizationLevel
    {
        get => _graphOptimizationLevel;
        set
        {
            SetInt(OrtApi.SetSessionGraphOptimizationLevel, (int)value);
            _graphOptimizationLevel = value;
        }
    }

    public ExecutionMode ExecutionMode
    {
        get => _executionMode;
        set
        {
            SetInt(OrtApi.SetSessionExecutionMode, (int)value);
            _executionMode = value;
        }
    }

    internal SessionOptionsHandle Handle { get; }

    /// <summary>A session configuration key (onnxruntime_session_options_config_keys.h), e.g. "session.intra_op.allow_spinning".</summary>
    public void AddConfigEntry(string key, string value)
    {
        using var k = new Utf8String(key, nameof(key));
        using var v = new Utf8String(value, nameof(value));
        using var options = new HandleLease(Handle);
        Library.Api.AddConfigEntry(options.Value, k.Pointer, v.Pointer);
    }

    /// <summary>
    /// Appends a provider through ORT's generic entry point (e.g. "XNNPACK", "OpenVINO", "QNN").
    /// Providers with a dedicated entry point, such as CUDA, must use it (<see cref="AppendCudaProvider"/>).
    /// </summary>
    public void AppendExecutionProvider(string providerName, IReadOnlyDictionary<string, string>? options = null)
    {
        using var name = new Utf8String(providerName, nameof(providerName));
        var (keyList, valueList) = Split(options);
        using var keys = new NativeStringArray(keyList, nameof(options));
        using var values = new NativeStringArray(valueList, nameof(options));
        using var handle = new HandleLease(Handle);
        Library.Api.AppendProvider(handle.Value, name.Pointer, keys.Pointers, values.Pointers, (nuint)keys.Count);
    }

    /// <summary>
    /// Appends the CUDA provider (options as in ORT's CUDA provider docs, e.g. "device_id" = "0").
    /// Throws <see cref="OrtException"/> when this build or machine cannot run it.
    /// </summary>
    public void AppendCudaProvider(IReadOnlyDictionary<string, string>? options = null)
    {
        var api = Library.Api;
        var (keyList, valueList) = Split(options);
        using var keys = new NativeStringArray(keyList, nameof(options));
        using var values = new NativeStringArray(valueList, nameof(options));
        using var handle = new HandleLease(Handle);
        try
        {
            using var cuda = new CudaProviderOptionsHandle(api);
            cuda.Attach(api.NewCudaProviderOptions());
            if (keys.Count > 0)
            {
                api.UpdateCuda(cuda.DangerousGetHandle(), keys.Pointers, values.Pointers, (nuint)keys.Count);
            }

            api.AppendCuda(handle.Value, cuda.DangerousGetHandle());
        }
        catch (OrtException e)
        {
            // ORT's own text here is terse ("Failed to load shared library"); say what is missing.
            throw new OrtException(e.Code,
                $"The CUDA execution provider could not be added to ONNX Runtime {Library.Version}: {e.OrtMessage} "
                + $"It needs libonnxruntime_providers_shared.so and libonnxruntime_providers_cuda.so next to {Library.LibraryPath}, "
                + "the CUDA and cuDNN libraries they link against, and a CUDA device. Use the CPU provider (the default) otherwise.",
                e);
        }
    }

    /// <summary>Writes a Chrome-trace profile per session to "<paramref name="filePrefix"/>_DATE.json"; see <see cref="InferenceSession.EndProfiling"/>.</summary>
    public void EnableProfiling(string filePrefix) => SetString(OrtApi.EnableProfiling, filePrefix, nameof(filePrefix));

    /// <summary>Saves the model as optimized at session creation to <paramref name="path"/>.</summary>
    public void SetOptimizedModelFilePath(string path) => SetString(OrtApi.SetOptimizedModelFilePath, path, nameof(path));

    public void Dispose() => Handle.Dispose();

    private static (string[] Keys, string[] Values) Split(IReadOnlyDictionary<string, string>? options)
    {
        var pairs = options?.ToArray() ?? [];
        return (pairs.Select(p => p.Key).ToArray(), pairs.Select(p => p.Value).ToArray());
    }

    private void SetInt(int index, int value)
    {
        using var handle = new HandleLease(Handle);
        Library.Api.SetInt(index, handle.Value, value);
    }

    private void SetString(int index, string value, string paramName)
    {
        using var text = new Utf8String(value, paramName);
        using var handle = new HandleLease(Handle);
        Library.Api.SetString(index, handle.Value, text.Pointer);
    }
}
