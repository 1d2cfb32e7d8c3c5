using Microsoft.ML.OnnxRuntime;

namespace Harness.Onnx.Runtime;

/// <summary>
/// ORT's environment (logging and global state), which every session needs. ORT has one per
/// process and the .NET API keeps it for the process's life; creating this sets its log level, and
/// disposing it leaves the environment to the sessions that still use it.
/// </summary>
public sealed class OrtEnvironment : IDisposable
{
    internal OrtEnvironment(OrtLibrary library, string logId, OrtLoggingLevel level)
    {
        // ORT names its log lines with the process's first log id ("harness"); the level is what can change.
        ArgumentException.ThrowIfNullOrEmpty(logId);
        Library = library;
        OrtEnv.Instance().EnvLogLevel = (Microsoft.ML.OnnxRuntime.OrtLoggingLevel)level;
    }

    public OrtLibrary Library { get; }

    public void Dispose()
    {
    }
}
