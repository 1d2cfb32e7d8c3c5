using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Quantization;

/// <summary>
/// A quantized constant: integer values in the original shape, and one scale and zero point for the
/// whole tensor (<see cref="Axis"/> null) or one per slice along <see cref="Axis"/>.
/// </summary>
public sealed record QuantizedTensor(QuantType Type, long[] Dims, int[] Values, QuantizationParameters[] Parameters, int? Axis)
{
    /// <summary>The integer values as an initializer of the 8-bit type.</summary>
    public TensorProto ToValuesProto(string name)
    {
        var bytes = new byte[Values.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = unchecked((byte)Values[i]);
        }

        return TensorData.Create(name, Type.ElementType(), Dims, bytes);
    }

    /// <summary>Scales as float32: a scalar per tensor, a 1-D tensor per channel (the shapes QuantizeLinear/DequantizeLinear take).</summary>
    public TensorProto ToScaleProto(string name)
    {
        var scales = Parameters.Select(p => p.Scale).ToArray();
        return TensorData.Create<float>(name, scales, Axis is null ? [] : [scales.Length]);
    }

    public TensorProto ToZeroPointProto(string name)
    {
        var dims = Axis is null ? Array.Empty<long>() : [Parameters.Length];
        var bytes = Parameters.Select(p => unchecked((byte)p.ZeroPoint)).ToArray();
        return TensorData.Create(name, Type.ElementType(), dims, bytes);
    }
}

/// <summary>
/// Quantizes weights per tensor or per output channel. Each channel (or the tensor) gets the
/// parameters of its own min and max, as ORT's quantize_data does. Optionally a per-channel lower
/// bound on the scale is honoured, which keeps the matching int32 bias from overflowing.
/// </summary>
public static class WeightQuantizer
{
    public static QuantizedTensor Quantize(
        ReadOnlySpan<float> values, long[] dims, QuantType type, bool symmetric, bool reduceRange, int? axis, ReadOnlySpan<float> minimumScales = default)
    {
        ArgumentNullException.ThrowIfNull(dims);
        var range = IntegerRange.For(type, symmetric, reduceRange);
        var (outer, channels, inner) = Layout(dims, axis);
        if ((long)outer * channels * inner != values.Length)
        {
            throw new ArgumentException($"Dims [{string.Join(", ", dims)}] do not hold {values.Length} values.", nameof(dims));
        }

        var parameters = new QuantizationParameters[channels];
        for (var c = 0; c < channels; c++)
        {
            var min = float.PositiveInfinity;
            var max = float.NegativeInfinity;
            for (var o = 0; o < outer; o++)
            {
                var start = ((o * channels) + c) * inner;
                foreach (var v in values.Slice(start, inner))
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }
            }

            if (inner == 0 || outer == 0)
            {
                (min, max) = (0, 0);
            }

            parameters[c] = QuantizationMath.ComputeParameters(min, max, range, symmetric);
            if (!minimumScales.IsEmpty && symmetric && minimumScales[minimumScales.Length == 1 ? 0 : c] > parameters[c].Scale)
            {
                // Symmetric: the zero point does not depend on the scale, so the scale can grow alone.
                parameters[c] = parameters[c] with { Scale = minimumScales[minimumScales.Length == 1 ? 0 : c] };
            }
        }

        var quantized = new int[values.Length];
        for (var o = 0; o < outer; o++)
        {
            for (var c = 0; c < channels; c++)
            {
                var start = ((o * channels) + c) * inner;
                for (var i = start; i < start + inner; i++)
                {
                    quantized[i] = QuantizationMath.Quantize(values[i], parameters[c], range);
                }
            }
        }

        return new QuantizedTensor(type, dims, quantized, parameters, axis);
    }

    /// <summary>Reads a float32 initializer and quantizes it.</summary>
    public static QuantizedTensor Quantize(TensorValue tensor, QuantType type, bool symmetric, bool reduceRange, int? axis, ReadOnlySpan<float> minimumScales = default)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.ElementType != TensorElementType.Float)
        {
            throw new ArgumentException($"Weight '{tensor.Name}' is {tensor.ElementType.DisplayName()}; only float32 weights are quantized.", nameof(tensor));
        }

        return Quantize(tensor.ToArray<float>(), tensor.Dims, type, symmetric, reduceRange, axis, minimumScales);
    }

    private static (int Outer, int Channels, int Inner) Layout(long[] dims, int? axis)
    {
        var total = (int)dims.Aggregate(1L, (a, d) => a * d);
        if (axis is not { } k)
        {
            return (1, 1, total);
        }

        if (k < 0 || k >= dims.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"Axis is outside a tensor of rank {dims.Length}.");
        }

        var outer = (int)dims.Take(k).Aggregate(1L, (a, d) => a * d);
        var inner = (int)dims.Skip(k + 1).Aggregate(1L, (a, d) => a * d);
        return (outer, (int)dims[k], inner);
    }
}
