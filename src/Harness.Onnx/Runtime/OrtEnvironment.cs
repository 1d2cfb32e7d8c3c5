namespace Harness.Onnx.Runtime;

/// <summary>
/// An <c>OrtEnv</c>: ORT's logging and global state, which every session needs. ORT keeps one per
/// process and counts references: while one is alive, creating another returns the same
/// environment and ignores the new log id and level. Sessions hold it open until they are released.
/// </summary>
public sealed unsafe class OrtEnvironment : IDisposable
{
    internal OrtEnvironment(OrtLibrary library, string logId, OrtLoggingLevel level)
    {
        Library = library;
        Handle = new EnvHandle(library.Api);
        using var id = new Utf8String(logId, nameof(logId));
        Handle.Attach(library.Api.NewEnv(level, id.Pointer));
    }

    public OrtLibrary Library { get; }

    internal EnvHandle Handle { get; }

    public void Dispose() => Handle.Dispose();
}
