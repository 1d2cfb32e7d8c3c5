using Harness.Onnx;

namespace Harness.Optimize.Quantization;

/// <summary>The 8-bit integer types values are quantized to.</summary>
public enum QuantType
{
    UInt8,
    Int8,
}

/// <summary>The names scenarios and the quantize verb give the 8-bit types.</summary>
public static class QuantTypes
{
    public static IReadOnlyDictionary<string, QuantType> ByName { get; } = new Dictionary<string, QuantType>(StringComparer.Ordinal)
    {
        ["uint8"] = QuantType.UInt8,
        ["int8"] = QuantType.Int8,
    };
}

/// <summary>The integer interval quantized values are clipped to.</summary>
public readonly record struct IntegerRange(int Min, int Max)
{
    /// <summary>
    /// ONNX Runtime's ranges: uint8 [0, 255], int8 [-128, 127]; symmetric int8 [-127, 127] (so that
    /// -x quantizes to -q) and symmetric uint8 [0, 254]; with <paramref name="reduceRange"/> 7 bits,
    /// uint8 [0, 127] and int8 [-64, 64], for CPUs whose u8×s8 instructions (AVX2 without VNNI)
    /// saturate intermediate sums.
    /// </summary>
    public static IntegerRange For(QuantType type, bool symmetric, bool reduceRange) => (type, symmetric, reduceRange) switch
    {
        (QuantType.UInt8, _, true) => new(0, 127),
        (QuantType.Int8, _, true) => new(-64, 64),
        (QuantType.UInt8, true, false) => new(0, 254),
        (QuantType.UInt8, false, false) => new(0, 255),
        (QuantType.Int8, true, false) => new(-127, 127),
        (QuantType.Int8, false, false) => new(-128, 127),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}

/// <summary>A scale and zero point: real value r ≈ scale × (q − zeroPoint).</summary>
public readonly record struct QuantizationParameters(float Scale, int ZeroPoint);

/// <summary>
/// The quantization formulas of ONNX Runtime's quantizer (quant_utils.compute_scale_zp and
/// quantize_nparray), reproduced number for number so that our variants match what users of ORT's
/// Python tooling get: the range widened to include 0, the scale computed in double, zero points and
/// values rounded half to even.
/// </summary>
public static class QuantizationMath
{
    // numpy.finfo(float32).tiny, the threshold ORT compares the scale with.
    private const double SmallestNormalFloat = 1.1754943508222875e-38;

    public static TensorElementType ElementType(this QuantType type) =>
        type == QuantType.UInt8 ? TensorElementType.UInt8 : TensorElementType.Int8;

    public static QuantizationParameters ComputeParameters(float rmin, float rmax, IntegerRange range, bool symmetric)
    {
        if (float.IsNaN(rmin) || float.IsNaN(rmax))
        {
            throw new ArgumentException($"Cannot quantize a range with NaN ends ([{rmin}, {rmax}]).", nameof(rmin));
        }

        // Zero must be exactly representable: padding, ReLU outputs and masks rely on it.
        rmin = Math.Min(rmin, 0f);
        rmax = Math.Max(rmax, 0f);
        if (symmetric)
        {
            var absMax = Math.Max(Math.Abs(rmin), Math.Abs(rmax));
            rmin = -absMax;
            rmax = absMax;
        }

        // The difference is taken in float32 (the range's own type), the division in double.
        var scale = (double)(rmax - rmin) / (range.Max - (double)range.Min);
        if (scale < SmallestNormalFloat)
        {
            // A constant-zero tensor: any scale represents it; 1 keeps dequantization exact.
            return new QuantizationParameters(1f, 0);
        }

        var zeroPoint = symmetric
            ? Math.Round((range.Min + range.Max) / 2.0, MidpointRounding.ToEven)
            : Math.Round(range.Min - (rmin / scale), MidpointRounding.ToEven);
        return new QuantizationParameters((float)scale, (int)zeroPoint);
    }

    /// <summary>q = clip(round_half_even(x / scale) + zeroPoint, min, max), the division in float32 as ORT does it.</summary>
    public static int Quantize(float value, QuantizationParameters parameters, IntegerRange range)
    {
        var scaled = MathF.Round(value / parameters.Scale, MidpointRounding.ToEven) + parameters.ZeroPoint;
        return (int)Math.Clamp(scaled, range.Min, range.Max);
    }

    public static float Dequantize(int quantized, QuantizationParameters parameters) =>
        parameters.Scale * (quantized - parameters.ZeroPoint);

    /// <summary>
    /// A bias as int32 at scale input_scale × weight_scale (per output channel when the weight
    /// scales are), zero point 0: the form QLinearConv and QGemm add into their int32 accumulators.
    /// </summary>
    public static int[] QuantizeBias(ReadOnlySpan<float> bias, float inputScale, ReadOnlySpan<float> weightScales, out float[] biasScales)
    {
        if (weightScales.Length != 1 && weightScales.Length != bias.Length)
        {
            throw new ArgumentException($"A bias of {bias.Length} values needs 1 or {bias.Length} weight scales, not {weightScales.Length}.", nameof(weightScales));
        }

        var quantized = new int[bias.Length];
        biasScales = new float[weightScales.Length];
        for (var i = 0; i < biasScales.Length; i++)
        {
            biasScales[i] = inputScale * weightScales[i];
        }

        for (var i = 0; i < bias.Length; i++)
        {
            var scale = biasScales[biasScales.Length == 1 ? 0 : i];
            var value = scale == 0 ? 0 : Math.Round(bias[i] / (double)scale, MidpointRounding.ToEven);
            quantized[i] = (int)Math.Clamp(value, int.MinValue, int.MaxValue);
        }

        return quantized;
    }
}
