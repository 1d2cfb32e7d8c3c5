using Harness.Onnx.Runtime;

namespace Harness.Tests.Runtime;

/// <summary>
/// One library and environment for all runtime tests (ORT keeps one environment per process anyway),
/// and session options that keep a test to one thread so tests do not fight over the cores.
/// </summary>
internal static class OrtTestContext
{
    private static readonly Lazy<OrtEnvironment> SharedEnvironment = new(() => Library.CreateEnvironment("harness-tests", OrtLoggingLevel.Error));

    public static OrtLibrary Library => OrtLibrary.Shared;

    public static OrtEnvironment Environment => SharedEnvironment.Value;

    public static SessionOptions SingleThreadOptions()
    {
        var options = new SessionOptions(Library) { IntraOpThreads = 1, InterOpThreads = 1 };
        options.AddConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    public static InferenceSession OpenClassifier()
    {
        using var options = SingleThreadOptions();
        return InferenceSession.FromFile(Environment, TestAssets.Classifier, options);
    }

    /// <summary>A seeded classifier input, values in [-1, 1).</summary>
    public static float[] ClassifierInput(int batch, int seed = 42)
    {
        var random = new Random(seed);
        var data = new float[batch * 3 * 48 * 192];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return data;
    }

    public static long[] ClassifierShape(int batch) => [batch, 3, 48, 192];
}
