using Harness.Onnx.Model.Proto;
using Harness.Optimize.Quantization.Calibration;
using Harness.Optimize.Variants;

namespace Harness.Optimize.Quantization.Static;

/// <summary>
/// Where an activation's scale and zero point come from: its own range; another tensor's parameters
/// (<see cref="SameAs"/>); or another tensor's integers read with rescaled parameters
/// (<see cref="AffineOf"/>: this value = <see cref="Factor"/> × that value + <see cref="Shift"/>).
/// </summary>
public readonly record struct ParameterSource(TensorRange Range, string? SameAs, string? AffineOf = null, float Factor = 1f, float Shift = 0f)
{
    public static ParameterSource Own(TensorRange range) => new(range, null);

    public static ParameterSource Shared(string tensor) => new(default, tensor);

    public static ParameterSource Affine(string tensor, float factor, float shift) => new(default, null, tensor, factor, shift);
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

    /// <summary>Scalar Mul/Add nodes removed: their output is their input's integers under rescaled parameters.</summary>
    public List<NodeProto> Rescales { get; } = [];

    public List<NodeDecision> Decisions { get; } = [];
}
