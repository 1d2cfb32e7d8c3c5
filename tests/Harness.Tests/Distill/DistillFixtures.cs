using Harness.Distill.Native;
using Harness.Distill.Training;
using Harness.Onnx;
using Harness.Onnx.Model;

namespace Harness.Tests.Distill;

/// <summary>Tiny teachers (built with our ONNX writer) and data for the distillation tests: seconds of training, not minutes.</summary>
internal static class DistillFixtures
{
    public const int Classes = 3;

    public static readonly long[] SampleShape = [1, 6, 6];

    /// <summary>Where the tests keep soft labels and the weak libtorch copy (one folder per process).</summary>
    public static string Cache { get; } = Directory.CreateTempSubdirectory("harness-distill-").FullName;

    public static void LoadTorch() => LibTorchRuntime.EnsureLoaded(Cache, _ => { });

    /// <summary>A linear teacher on the flattened image: scores = flatten(image) · W + b, optionally with a Softmax.</summary>
    public static string Teacher(string folder, bool softmax = false, int seed = 7)
    {
        var features = SampleShape.Aggregate(1L, (a, b) => a * b);
        var graph = new GraphBuilder("teacher")
            .Input("image", TensorElementType.Float, "batch", 1, 6, 6)
            .Initializer("W", Uniform((int)features * Classes, seed, -1f, 1f), features, Classes)
            .Initializer("B", Uniform(Classes, seed + 1, -0.1f, 0.1f), Classes)
            .Node("Flatten", ["image"], ["flat"], NodeAttribute.Int("axis", 1))
            .Node("Gemm", ["flat", "W", "B"], [softmax ? "logits" : "scores"]);
        if (softmax)
        {
            graph.Node("Softmax", ["logits"], ["scores"], NodeAttribute.Int("axis", 1));
        }

        var path = Path.Combine(folder, softmax ? "teacher-softmax.onnx" : "teacher.onnx");
        graph.Output("scores", TensorElementType.Float, "batch", Classes).Build().Save(path);
        return path;
    }

    /// <summary>Seeded images in [0, 1) with labels from a fixed rule (which third of the image is brightest).</summary>
    public static TrainingSet Data(int count = 96, int seed = 3, bool labels = true)
    {
        var size = (int)SampleShape.Aggregate(1L, (a, b) => a * b);
        var inputs = Uniform(count * size, seed, 0f, 1f);
        var truth = new int[count];
        for (var s = 0; s < count; s++)
        {
            var thirds = new float[Classes];
            for (var p = 0; p < size; p++)
            {
                thirds[p % 6 / 2] += inputs[(s * size) + p];
            }

            truth[s] = Array.IndexOf(thirds, thirds.Max());
        }

        return new TrainingSet("tiny", inputs, SampleShape, count, labels ? truth : null);
    }

    /// <summary>Seeded values uniform on [low, high).</summary>
    public static float[] Uniform(int count, int seed, float low, float high)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => low + ((high - low) * (float)random.NextDouble())).ToArray();
    }
}
