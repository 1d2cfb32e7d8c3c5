using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Tests.Optimize;

/// <summary>Small graphs for the rewriter tests, with weights simple enough to check quantization by hand.</summary>
internal static class OptimizeModels
{
    /// <summary>Conv weights [3, 2, 1, 1]: per-channel absolute maxima 1, 0.25 and 2.</summary>
    public static readonly float[] ConvWeights = [1f, -0.25f, 0.25f, 0.1f, -2f, 0.5f];

    public static readonly float[] ConvBias = [0.1f, -0.2f, 0.3f];

    /// <summary>x [1, 2, 4, 4] → Conv(1×1, bias) → Relu → GlobalAveragePool → y [1, 3, 1, 1].</summary>
    public static OnnxModel ConvRelu() =>
        new GraphBuilder("conv_relu")
            .Input("x", TensorElementType.Float, 1, 2, 4, 4)
            .Initializer("W", ConvWeights, 3, 2, 1, 1)
            .Initializer("B", ConvBias, 3)
            .Node("Conv", ["x", "W", "B"], ["conv"])
            .Node("Relu", ["conv"], ["relu"])
            .Node("GlobalAveragePool", ["relu"], ["y"])
            .Output("y", TensorElementType.Float, 1, 3, 1, 1)
            .Build();

    /// <summary>x [2, 4] → MatMul(W [4, 3]) → Add(b [3]) → y [2, 3].</summary>
    public static OnnxModel MatMulAdd() =>
        new GraphBuilder("matmul_add")
            .Input("x", TensorElementType.Float, 2, 4)
            .Initializer("W", [0.5f, -1f, 0.25f, 1f, 0.5f, -0.5f, -0.75f, 0.125f, 1f, 0.25f, -0.25f, 0.5f], 4, 3)
            .Initializer("b", new[] { 0.1f, 0.2f, -0.3f }, 3)
            .Node("MatMul", ["x", "W"], ["mm"])
            .Node("Add", ["mm", "b"], ["y"])
            .Output("y", TensorElementType.Float, 2, 3)
            .Build();

    /// <summary>x [1, 2, 8, 8] → Conv(3×3) → Clip(0, 6) → MaxPool(2×2) → Conv(1×1) → Sigmoid → y [1, 2, 3, 3].</summary>
    public static OnnxModel Chain()
    {
        var w1 = Enumerable.Range(0, 4 * 2 * 3 * 3).Select(i => (float)Math.Sin(i * 0.7) * 0.5f).ToArray();
        var w2 = Enumerable.Range(0, 2 * 4).Select(i => (float)Math.Cos(i * 1.3)).ToArray();
        return new GraphBuilder("chain")
            .Input("x", TensorElementType.Float, 1, 2, 8, 8)
            .Initializer("W1", w1, 4, 2, 3, 3)
            .Initializer("B1", new[] { 0.5f, -0.5f, 0.25f, 0f }, 4)
            .Initializer("lo", new[] { 0f })
            .Initializer("hi", new[] { 6f })
            .Initializer("W2", w2, 2, 4, 1, 1)
            .Node("Conv", ["x", "W1", "B1"], ["c1"])
            .Node("Clip", ["c1", "lo", "hi"], ["a1"])
            .Node("MaxPool", ["a1"], ["p1"], NodeAttribute.Ints("kernel_shape", 2, 2), NodeAttribute.Ints("strides", 2, 2))
            .Node("Conv", ["p1", "W2"], ["c2"])
            .Node("Sigmoid", ["c2"], ["y"])
            .Output("y", TensorElementType.Float, 1, 2, 3, 3)
            .Build();
    }

    /// <summary>x [1, 2, 4, 4] → Conv(1×1, bias) → Mul(0.5) → Add(0.25) → Conv(1×1) → Sigmoid → y: a scalar affine step between convolutions.</summary>
    public static OnnxModel ConvScaleShiftConv() =>
        new GraphBuilder("conv_scale_shift")
            .Input("x", TensorElementType.Float, 1, 2, 4, 4)
            .Initializer("W", ConvWeights, 3, 2, 1, 1)
            .Initializer("B", ConvBias, 3)
            .Initializer("k", new[] { 0.5f })
            .Initializer("d", new[] { 0.25f })
            .Initializer("W2", [0.5f, -1f, 0.25f, 1f, 0.75f, -0.5f], 2, 3, 1, 1)
            .Node("Conv", ["x", "W", "B"], ["c1"])
            .Node("Mul", ["c1", "k"], ["m"])
            .Node("Add", ["m", "d"], ["a"])
            .Node("Conv", ["a", "W2"], ["c2"])
            .Node("Sigmoid", ["c2"], ["y"])
            .Output("y", TensorElementType.Float, 1, 2, 4, 4)
            .Build();

    /// <summary>x [1, 4] → Erf → MatMul(W [4, 2]) → Mul(x') → y: Erf has no int8 form.</summary>
    public static OnnxModel WithUnsupportedOp() =>
        new GraphBuilder("unsupported")
            .Input("x", TensorElementType.Float, 1, 4)
            .Initializer("W", [1f, 0.5f, -0.5f, 0.25f, 0.75f, -1f, 0.125f, 0.5f], 4, 2)
            .Node("Erf", ["x"], ["e"])
            .Node("MatMul", ["e", "W"], ["m"])
            .Node("Mul", ["m", "m"], ["y"])
            .Output("y", TensorElementType.Float, 1, 2)
            .Build();

    /// <summary>An op of a domain ONNX Runtime does not know: the rewriter carries it over, ORT refuses it.</summary>
    public static OnnxModel WithUnknownOp()
    {
        var node = new NodeProto { OpType = "Mystery", Domain = "example.unknown", Name = "mystery_0" };
        node.Input.Add("m");
        node.Output.Add("y");
        return new GraphBuilder("unknown_op")
            .Opset(17)
            .Opset(1, "example.unknown")
            .Input("x", TensorElementType.Float, 1, 4)
            .Initializer("W", [1f, 0.5f, -0.5f, 0.25f, 0.75f, -1f, 0.125f, 0.5f], 4, 2)
            .Node("MatMul", ["x", "W"], ["m"])
            .Node(node)
            .Output("y", TensorElementType.Float, 1, 2)
            .Build();
    }

    /// <summary>Seeded uniform [-1, 1) values.</summary>
    public static float[] Uniform(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }
}
