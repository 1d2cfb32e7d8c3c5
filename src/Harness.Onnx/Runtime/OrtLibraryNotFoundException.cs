namespace Harness.Onnx.Runtime;

/// <summary>No ONNX Runtime library could be loaded from any of the places <see cref="OrtLibrary.Load"/> looks.</summary>
public sealed class OrtLibraryNotFoundException : UserFacingException
{
    public OrtLibraryNotFoundException()
        : this([])
    {
    }

    public OrtLibraryNotFoundException(string message)
        : base(message) => Attempts = [];

    public OrtLibraryNotFoundException(string message, Exception innerException)
        : base(message, innerException) => Attempts = [];

    internal OrtLibraryNotFoundException(IReadOnlyList<string> attempts)
        : base(Describe(attempts)) => Attempts = attempts;

    /// <summary>Each place tried, with why it failed: "PATH: REASON".</summary>
    public IReadOnlyList<string> Attempts { get; }

    private static string Describe(IReadOnlyList<string> attempts) =>
        "ONNX Runtime could not be loaded. Tried:" + Environment.NewLine
        + string.Concat(attempts.Select(a => "  - " + a + Environment.NewLine))
        + "Fix: run ./run.sh once (it downloads ONNX Runtime 1.30.0 into $HARNESS_HOME/onnxruntime), "
        + "or set HARNESS_ORT_LIB to the path of a libonnxruntime.so.";
}
