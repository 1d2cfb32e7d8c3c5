using Harness.Onnx.Runtime;
using Harness.Optimize.Graph;

namespace Harness.Optimize.Variants;

/// <summary>
/// Proves a written variant loads in ONNX Runtime (session creation runs ORT's checker, type
/// inference and the graph optimizer that fuses Q/DQ groups), so a variant ORT refuses is reported
/// with ORT's own words when it is made, not when a benchmark first tries to run it.
/// </summary>
public static class VariantVerifier
{
    /// <exception cref="ModelRewriteException">ORT refused the model; the message carries ORT's.</exception>
    public static void EnsureLoads(string modelPath, string description, OrtLibrary? library = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        library ??= OrtLibrary.Shared;
        try
        {
            using var environment = library.CreateEnvironment("harness-verify", OrtLoggingLevel.Error);
            using var options = new SessionOptions(library) { IntraOpThreads = 1, InterOpThreads = 1 };
            using var session = InferenceSession.FromFile(environment, modelPath, options);
        }
        catch (OrtException e)
        {
            throw new ModelRewriteException(
                $"ONNX Runtime {library.Version} refuses {description}: {e.OrtMessage.Trim()} " +
                "Exclude the node or op type it names (--exclude-node, --exclude-op) and try again.", e);
        }
    }
}
