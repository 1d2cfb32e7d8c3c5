using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Precision;

/// <summary>float32 constants as float16: clamped into the configured magnitude range, then rounded to nearest.</summary>
public static class Float16Values
{
    /// <summary>The clamp onnxconverter-common applies: (0, min) → min, (max, ∞) → max, mirrored for negatives; 0, ±∞ and NaN unchanged.</summary>
    public static float Clamp(float value, float minPositive, float maxFinite) => value switch
    {
        > 0 when value < minPositive => minPositive,
        < 0 when value > -minPositive => -minPositive,
        > 0 when value > maxFinite && !float.IsPositiveInfinity(value) => maxFinite,
        < 0 when value < -maxFinite && !float.IsNegativeInfinity(value) => -maxFinite,
        _ => value,
    };

    /// <summary>A float16 copy of a float32 tensor under <paramref name="name"/>; <paramref name="clamped"/> counts values the clamp changed.</summary>
    public static TensorProto Convert(TensorValue value, string name, float minPositive, float maxFinite, out int clamped)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.ElementType != TensorElementType.Float)
        {
            throw new ArgumentException($"Tensor '{value.Name}' is {value.ElementType.DisplayName()}, not float32.", nameof(value));
        }

        var source = value.ToArray<float>();
        var result = new Half[source.Length];
        clamped = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var c = Clamp(source[i], minPositive, maxFinite);
            clamped += c.Equals(source[i]) ? 0 : 1;
            result[i] = (Half)c;
        }

        return TensorData.Create<Half>(name, result, value.Dims);
    }
}
