using Harness.Onnx;
using Harness.Onnx.Model;

namespace Harness.Tests.Verify;

/// <summary>
/// y = Relu(x·W + b) with x float32 [batch, 4], seeded W [4, 3] and b [3], and its expected outputs
/// computed here in C#, independently of ONNX Runtime, so a passing verify means ORT agrees with
/// arithmetic rather than with itself.
/// </summary>
internal static class ReluMatMulModel
{
    public const int In = 4;
    public const int Out = 3;

    private static readonly float[] Weights = Seeded(In * Out, seed: 7);
    private static readonly float[] Bias = Seeded(Out, seed: 8);

    public static OnnxModel Build() =>
        new GraphBuilder("relu_matmul")
            .Input("x", TensorElementType.Float, "batch", In)
            .Initializer("W", Weights, In, Out)
            .Initializer("b", Bias, Out)
            .Node("MatMul", ["x", "W"], ["xw"])
            .Node("Add", ["xw", "b"], ["z"])
            .Node("Relu", ["z"], ["y"])
            .Output("y", TensorElementType.Float, "batch", Out)
            .Build();

    /// <summary>A set of <paramref name="batch"/> seeded rows with its expected y.</summary>
    public static TestDataSet Set(int batch, int seed)
    {
        var x = Seeded(batch * In, seed);
        return new TestDataSet("", [TensorValue.Create("x", x, batch, In)], [TensorValue.Create("y", Expected(x, batch), batch, Out)]);
    }

    /// <summary>The same set with expected y[index] changed to what <paramref name="change"/> makes of it.</summary>
    public static TestDataSet WithExpected(TestDataSet set, int index, Func<float, float> change)
    {
        var y = set.ExpectedOutputs[0];
        var values = y.ToArray<float>();
        values[index] = change(values[index]);
        return set with { ExpectedOutputs = [TensorValue.Create("y", values, y.Dims)] };
    }

    /// <summary>The index of the largest expected value: a positive element, so a relative change shows.</summary>
    public static int LargestExpected(TestDataSet set)
    {
        var values = set.ExpectedOutputs[0].ToArray<float>();
        return Array.IndexOf(values, values.Max());
    }

    public static string WriteFolder(string directory, params TestDataSet[] sets)
    {
        TestDataDirectory.Write(directory, Build(), sets);
        return directory;
    }

    private static float[] Expected(float[] x, int batch)
    {
        var y = new float[batch * Out];
        for (var row = 0; row < batch; row++)
        {
            for (var col = 0; col < Out; col++)
            {
                double sum = Bias[col];
                for (var k = 0; k < In; k++)
                {
                    sum += (double)x[(row * In) + k] * Weights[(k * Out) + col];
                }

                y[(row * Out) + col] = (float)Math.Max(0, sum);
            }
        }

        return y;
    }

    private static float[] Seeded(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
    }
}
