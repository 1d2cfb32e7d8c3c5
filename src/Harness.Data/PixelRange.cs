using Harness.Onnx;

namespace Harness.Data;

/// <summary>
/// The values a stored image's pixels can take, [<see cref="Min"/>, <see cref="Max"/>]: what a
/// shift's strength is a fraction of (noise of 0.05 is 5% of <see cref="Width"/>) and what a
/// shifted value is clamped to.
/// </summary>
public readonly record struct PixelRange
{
    public PixelRange(float min, float max)
    {
        if (!float.IsFinite(min) || !float.IsFinite(max) || !(min < max))
        {
            throw new ArgumentException($"A pixel range needs finite bounds with min < max, not [{min}, {max}].");
        }

        (Min, Max) = (min, max);
    }

    public float Min { get; }

    public float Max { get; }

    public float Width => Max - Min;

    /// <summary>
    /// The range a stored element type implies: 8- and 16-bit integers span their type (what an
    /// image file of that depth holds). Other types carry no range of their own, so the declared
    /// scale says it: values the preprocessing scales to [0, 1], i.e. [0, 1/scale] (float images
    /// stored in [0, 255] are declared with scale 1/255, as Netpbm files with another maxval are).
    /// </summary>
    public static PixelRange Of(TensorElementType type, float scale) => type switch
    {
        TensorElementType.UInt8 => new(0, byte.MaxValue),
        TensorElementType.Int8 => new(sbyte.MinValue, sbyte.MaxValue),
        TensorElementType.UInt16 => new(0, ushort.MaxValue),
        TensorElementType.Int16 => new(short.MinValue, short.MaxValue),
        _ => scale > 0 && float.IsFinite(1 / scale) ? new(0, 1 / scale) : new(0, 1),
    };

    public float Clamp(float value) => Math.Clamp(value, Min, Max);

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{Min}, {Max}]");
}
