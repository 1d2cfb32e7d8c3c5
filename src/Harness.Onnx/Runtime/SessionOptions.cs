using Microsoft.ML.OnnxRuntime;
using ManagedSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Harness.Onnx.Runtime;

/// <summary>
/// Session options under Harness's names. Each setter goes to ORT at once, so a bad value fails
/// where it is set, with an <see cref="OrtException"/> like every other ORT failure.
/// </summary>
public sealed class SessionOptions : IDisposable
{
    private readonly ManagedSessionOptions _options;
    private int _intraOpThreads;
    private int _interOpThreads;
    private GraphOptimizationLevel _graphOptimizationLevel = GraphOptimizationLevel.All;
    private ExecutionMode _executionMode = ExecutionMode.Sequential;
    private bool _disposed;

    public SessionOptions(OrtLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        Library = library;
        _options = OrtException.Translate(() => new ManagedSessionOptions());

        // ORT's own default is sequential and all optimizations; say so explicitly, as the getters do.
        GraphOptimizationLevel = _graphOptimizationLevel;
        ExecutionMode = _executionMode;
    }

    public OrtLibrary Library { get; }

    /// <summary>Threads inside one operator; 0 lets ORT choose (one per physical core).</summary>
    public int IntraOpThreads
    {
        get => _intraOpThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            var native = Native;
            OrtException.Translate(() => native.IntraOpNumThreads = value);
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
            var native = Native;
            OrtException.Translate(() => native.InterOpNumThreads = value);
            _interOpThreads = value;
        }
    }

    public GraphOptimizationLevel GraphOptimizationLevel
    {
        get => _graphOptimizationLevel;
        set
        {
            // Harness's values are ORT's C enum values, as the .NET API's are.
            var native = Native;
            OrtException.Translate(() => native.GraphOptimizationLevel = (Microsoft.ML.OnnxRuntime.GraphOptimizationLevel)(int)value);
            _graphOptimizationLevel = value;
        }
    }

    public ExecutionMode ExecutionMode
    {
        get => _executionMode;
        set
        {
            var native = Native;
            OrtException.Translate(() => native.ExecutionMode = (Microsoft.ML.OnnxRuntime.ExecutionMode)(int)value);
            _executionMode = value;
        }
    }

    internal ManagedSessionOptions Native
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _options;
        }
    }

    /// <summary>A session configuration key (onnxruntime_session_options_config_keys.h), e.g. "session.intra_op.allow_spinning".</summary>
    public void AddConfigEntry(string key, string value)
    {
        RejectNul(key, nameof(key));
        RejectNul(value, nameof(value));
        var options = Native;
        OrtException.Translate(() => options.AddSessionConfigEntry(key, value));
    }

    /// <summary>
    /// Appends a provider through ORT's generic entry point (e.g. "XNNPACK", "OpenVINO", "QNN").
    /// Providers with a dedicated entry point, such as CUDA, must use it (<see cref="AppendCudaProvider"/>).
    /// </summary>
    public void AppendExecutionProvider(string providerName, IReadOnlyDictionary<string, string>? options = null)
    {
        RejectNul(providerName, nameof(providerName));
        var native = Native;
        OrtException.Translate(() => native.AppendExecutionProvider(providerName, options?.ToDictionary() ?? []));
    }

    /// <summary>
    /// Appends the CUDA provider (options as in ORT's CUDA provider docs, e.g. "device_id" = "0").
    /// Throws <see cref="OrtException"/> when this build or machine cannot run it.
    /// </summary>
    public void AppendCudaProvider(IReadOnlyDictionary<string, string>? options = null)
    {
        var native = Native;
        try
        {
            OrtException.Translate(() =>
            {
                using var cuda = new OrtCUDAProviderOptions();
                if (options is { Count: > 0 })
                {
                    cuda.UpdateOptions(options.ToDictionary());
                }

                native.AppendExecutionProvider_CUDA(cuda);
            });
        }
        catch (OrtException e)
        {
            // ORT's own text here is terse ("Failed to load shared library"); say what is missing.
            throw new OrtException(e.Code,
                $"The CUDA execution provider could not be added to ONNX Runtime {Library.Version}: {e.OrtMessage} "
                + $"It needs libonnxruntime_providers_shared.so and libonnxruntime_providers_cuda.so next to {Library.LibraryPath} "
                + "(the CUDA build: ./run.sh setup-cuda), the CUDA and cuDNN libraries they link against, and a CUDA device. "
                + "Use the CPU provider (the default) otherwise.",
                e);
        }
    }

    /// <summary>Writes a Chrome-trace profile per session to "<paramref name="filePrefix"/>_DATE.json"; see <see cref="InferenceSession.EndProfiling"/>.</summary>
    public void EnableProfiling(string filePrefix)
    {
        RejectNul(filePrefix, nameof(filePrefix));
        var native = Native;
        OrtException.Translate(() =>
        {
            native.ProfileOutputPathPrefix = filePrefix;
            native.EnableProfiling = true;
        });
    }

    /// <summary>Saves the model as optimized at session creation to <paramref name="path"/>.</summary>
    public void SetOptimizedModelFilePath(string path)
    {
        RejectNul(path, nameof(path));
        var native = Native;
        OrtException.Translate(() => native.OptimizedModelFilePath = path);
    }

    public void Dispose()
    {
        _disposed = true;
        _options.Dispose();
    }

    private static void RejectNul(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            // ORT reads C strings: everything after a NUL would silently be dropped.
            throw new ArgumentException("The text contains a NUL character, which ONNX Runtime cannot take.", paramName);
        }
    }
}
