using System.Text.Json.Nodes;
using Harness.Optimize.Quantization.Calibration;
using Harness.Optimize.Variants;

namespace Harness.Optimize.Quantization.Static;

/// <summary>
/// Options of static (calibrated) QDQ quantization. Weights are always int8, symmetric, as ONNX
/// Runtime's CPU kernels want them; activations are uint8 asymmetric (default) or int8 symmetric.
/// </summary>
public sealed record StaticQuantizationOptions
{
    public CalibrationSettings Calibration { get; init; } = new();

    public QuantType ActivationType { get; init; } = QuantType.UInt8;

    /// <summary>One scale per output channel of Conv and MatMul/Gemm weights instead of one per tensor.</summary>
    public bool PerChannel { get; init; }

    /// <summary>7-bit weights, for CPUs without VNNI where u8×s8 products can saturate.</summary>
    public bool ReduceRange { get; init; }

    /// <summary>Op types left in float (e.g. "Softmax").</summary>
    public IReadOnlyList<string> ExcludedOpTypes { get; init; } = [];

    /// <summary>Node names left in float.</summary>
    public IReadOnlyList<string> ExcludedNodes { get; init; } = [];

    /// <summary>int8 activations are symmetric (zero point 0), uint8 ones asymmetric.</summary>
    public bool ActivationSymmetric => ActivationType == QuantType.Int8;

    public JsonObject ToJson() => new()
    {
        ["activationType"] = ActivationType.ToString().ToLowerInvariant(),
        ["weightType"] = "int8",
        ["perChannel"] = PerChannel,
        ["reduceRange"] = ReduceRange,
        ["calibration"] = new JsonObject
        {
            ["method"] = Calibration.Method.ToString().ToLowerInvariant(),
            ["percentile"] = Calibration.Percentile,
            ["histogramBins"] = Calibration.HistogramBins,
            ["quantizedBins"] = Calibration.QuantizedBins,
        },
        ["excludedOpTypes"] = CanonicalJson.SortedSet(ExcludedOpTypes),
        ["excludedNodes"] = CanonicalJson.SortedSet(ExcludedNodes),
    };
}
