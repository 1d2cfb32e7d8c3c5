using Harness.Onnx;
using Harness.Onnx.Model;

namespace Harness.Tests.Measure;

/// <summary>Models shaped like the ones users bring: a recurrent model with state and a sample rate, a fixed-batch classifier, a scalar input.</summary>
internal static class UserModels
{
    /// <summary>
    /// A recurrent step: x float [batch, 4], state float [2, batch, 8], sr int64 scalar →
    /// y [batch, 4] = (x + Σ state[:, b, :]) · sr/16000 and state_out [2, batch, 8] = tanh(state) · sr/16000.
    /// The batch is state's second axis, and an sr of 0 zeroes every output.
    /// </summary>
    public static OnnxModel Recurrent() =>
        new GraphBuilder("recurrent")
            .Input("x", TensorElementType.Float, "batch", 4)
            .Input("state", TensorElementType.Float, 2, "batch", 8)
            .Input("sr", TensorElementType.Int64)
            .Initializer("rate", new[] { 16000f })
            .Initializer("axes", new[] { 0L, 2L }, 2)
            .Initializer("one", new[] { 1L }, 1)
            .Node("Cast", ["sr"], ["sr_f"], NodeAttribute.Int("to", (long)TensorElementType.Float))
            .Node("Div", ["sr_f", "rate"], ["scale"])
            .Node("Tanh", ["state"], ["squashed"])
            .Node("Mul", ["squashed", "scale"], ["state_out"])
            .Node("ReduceSum", ["state", "axes"], ["summed"], NodeAttribute.Int("keepdims", 0))
            .Node("Unsqueeze", ["summed", "one"], ["column"])
            .Node("Add", ["x", "column"], ["shifted"])
            .Node("Mul", ["shifted", "scale"], ["y"])
            .Output("y", TensorElementType.Float, "batch", 4)
            .Output("state_out", TensorElementType.Float, 2, "batch", 8)
            .Build();

    /// <summary>A classifier exported with its batch fixed at 1: x [1, 4] → y [1, 3].</summary>
    public static OnnxModel FixedBatchClassifier() =>
        new GraphBuilder("fixed_batch")
            .Input("x", TensorElementType.Float, 1, 4)
            .Initializer("w", Enumerable.Range(0, 12).Select(i => (i - 6) * 0.25f).ToArray(), 4, 3)
            .Node("MatMul", ["x", "w"], ["y"])
            .Output("y", TensorElementType.Float, 1, 3)
            .Build();

    /// <summary>y [batch, 4] = x · gain, with gain a float scalar (rank 0).</summary>
    public static OnnxModel ScalarGain() =>
        new GraphBuilder("scalar_gain")
            .Input("x", TensorElementType.Float, "batch", 4)
            .Input("gain", TensorElementType.Float)
            .Node("Mul", ["x", "gain"], ["y"])
            .Output("y", TensorElementType.Float, "batch", 4)
            .Build();
}
