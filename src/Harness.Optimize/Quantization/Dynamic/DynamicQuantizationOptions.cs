using System.Text.Json.Nodes;
using Harness.Optimize.Variants;

namespace Harness.Optimize.Quantization.Dynamic;

/// <summary>
/// Options of dynamic quantization: weights int8 symmetric, quantized once here; activations uint8,
/// quantized at run time from each input's own range (DynamicQuantizeLinear), so no calibration.
/// </summary>
public sealed record DynamicQuantizationOptions
{
    /// <summary>Op types quantized when present; ONNX Runtime's dynamic quantizer takes the same three weight-bearing ops.</summary>
    public static readonly IReadOnlyList<string> DefaultOpTypes = ["Conv", "Gemm", "MatMul"];

    public IReadOnlyList<string> OpTypes { get; init; } = DefaultOpTypes;

    /// <summary>One scale per output channel (MatMul/Gemm columns, Conv filters) instead of one per weight.</summary>
    public bool PerChannel { get; init; }

    /// <summary>7-bit weights, for CPUs without VNNI.</summary>
    public bool ReduceRange { get; init; }

    public IReadOnlyList<string> ExcludedOpTypes { get; init; } = [];

    public IReadOnlyList<string> ExcludedNodes { get; init; } = [];

    public JsonObject ToJson() => new()
    {
        ["activationType"] = "uint8",
        ["weightType"] = "int8",
        ["opTypes"] = CanonicalJson.SortedSet(OpTypes),
        ["perChannel"] = PerChannel,
        ["reduceRange"] = ReduceRange,
        ["excludedOpTypes"] = CanonicalJson.SortedSet(ExcludedOpTypes),
        ["excludedNodes"] = CanonicalJson.SortedSet(ExcludedNodes),
    };
}
