using Harness.Onnx;
using Harness.Onnx.Model;

namespace Harness.Tests.Model;

/// <summary>Small graphs built in code, shared by the model tests.</summary>
internal static class TinyModels
{
    /// <summary>c = a + b over float32 [batch, 3].</summary>
    public static OnnxModel Add() =>
        new GraphBuilder("add")
            .Input("a", TensorElementType.Float, "batch", 3)
            .Input("b", TensorElementType.Float, "batch", 3)
            .Node("Add", ["a", "b"], ["c"])
            .Output("c", TensorElementType.Float, "batch", 3)
            .Build();

    /// <summary>y = x·w + b with x float32 [batch, 4], w [4, 4], b [4]: 20 parameters.</summary>
    public static OnnxModel MatMulAdd()
    {
        var weights = Enumerable.Range(0, 16).Select(i => i * 0.25f).ToArray();
        var bias = new[] { 1f, -2f, 3f, -4f };
        return new GraphBuilder("matmul_add")
            .Input("x", TensorElementType.Float, "batch", 4)
            .Initializer("w", weights, 4, 4)
            .Initializer("b", bias, 4)
            .Node("MatMul", ["x", "w"], ["xw"])
            .Node("Add", ["xw", "b"], ["y"])
            .Output("y", TensorElementType.Float, "batch", 4)
            .Build();
    }
}
