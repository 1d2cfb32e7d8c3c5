using Harness.Onnx.Model.Proto;
using Harness.Optimize.Quantization.Calibration;
using Harness.Optimize.Variants;

namespace Harness.Optimize.Quantization.Static;

/// <summary>Where an activation's scale and zero point come from: its own range, or another tensor's parameters.</summary>
public readonly record struct ParameterSource(TensorRange Range, string? SameAs)
{
    public static ParameterSource Own(TensorRange range) => new(range, null);

    public static ParameterSource Shared(string tensor) => new(default, tensor);
}

/// <summary>A weight input of a quantized node, and its per-channel axis (null: per tensor).</summary>
public sealed record WeightUse(NodeProto Node, int Input, int? Axis);

/// <summary>A bias input quantized to int32 at (scale of <paramref name="Activation"/>) × (weight scales).</summary>
public sealed record BiasUse(NodeProto Node, int Input, string Activation, WeightUse Weight);

/// <summary>A constant operand of Add/Mul/Concat, quantized like an activation (per tensor, activation type).</summary>
public sealed record ConstantUse(NodeProto Node, int Input);

/// <summary>
/// The decisions of <see cref="QdqPlacement"/>, made before the graph is touched: which activations
/// get a QuantizeLinear/DequantizeLinear pair and with which parameters, which initializers become
/// int8/int32, which Relu/Clip nodes disappear into their producer's quantization.
/// </summary>
public sealed class QdqPlan
{
    /// <summary>Activation tensors to quantize, in the order they were chosen (topological).</summary>
    public Dictionary<string, ParameterSource> Activations { get; } = new(StringComparer.Ordinal);

    public List<WeightUse> Weights { get; } = [];

    public List<BiasUse> Biases { get; } = [];

    public List<ConstantUse> Constants { get; } = [];

    /// <summary>Relu/Clip nodes removed: their producer writes their output directly and saturation clips.</summary>
    public List<NodeProto> FoldedActivations { get; } = [];

    public List<NodeDecision> Decisions { get; } = [];
}
