namespace Harness.Onnx.Runtime;

/// <summary>No usable ONNX Runtime library was found in any of the places <see cref="OrtLibrary.Load"/> looks.</summary>
public sealed class OrtLibraryNotFoundException : UserFacingException
{
    public OrtLibraryNotFoundException()
        : this([], OrtNativeBuild.Cpu)
    {
    }

    public OrtLibraryNotFoundException(string message)
        : base(message) => Attempts = [];

    public OrtLibraryNotFoundException(string message, Exception innerException)
        : base(message, innerException) => Attempts = [];

    internal OrtLibraryNotFoundException(IReadOnlyList<string> attempts, OrtNativeBuild build)
        : base(Describe(attempts, build)) => Attempts = attempts;

    /// <summary>Each place tried, with why it failed: "PATH: REASON".</summary>
    public IReadOnlyList<string> Attempts { get; }

    private static string Describe(IReadOnlyList<string> attempts, OrtNativeBuild build) =>
        "ONNX Runtime could not be loaded. Tried:" + Environment.NewLine
        + string.Concat(attempts.Select(a => "  - " + a + Environment.NewLine))
        + (build == OrtNativeBuild.Cuda
            ? "Fix: run ./run.sh setup-cuda once (it installs the CUDA build of ONNX Runtime 1.30.0 into $HARNESS_HOME/onnxruntime-gpu), "
            : "Fix: build with ./run.sh (the CPU library of ONNX Runtime 1.30.0 comes with the build from NuGet), ")
        + "or set HARNESS_ORT_LIB to the path of a libonnxruntime.so.";
}
