namespace Harness.Data;

/// <summary>How a stored sample's dimensions are to be read, so preprocessing knows which axis holds the channels.</summary>
public enum SampleLayout
{
    /// <summary>Not an image: preprocessing may scale and normalise it, but not resize it.</summary>
    Tensor,

    /// <summary>[height, width]: one channel.</summary>
    Hw,

    /// <summary>[height, width, channels]: interleaved, as image files store pixels.</summary>
    Hwc,

    /// <summary>[channels, height, width]: planar.</summary>
    Chw,
}

internal static class SampleLayouts
{
    /// <summary>
    /// The layout a shape most likely has: rank 2 is a grey image, rank 3 with 1, 3 or 4 last is
    /// interleaved, with 1 or 3 first is planar; anything else is a plain tensor.
    /// </summary>
    public static SampleLayout Infer(ReadOnlySpan<int> shape) => shape.Length switch
    {
        2 => SampleLayout.Hw,
        3 when shape[2] is 1 or 3 or 4 => SampleLayout.Hwc,
        3 when shape[0] is 1 or 3 => SampleLayout.Chw,
        _ => SampleLayout.Tensor,
    };
}
