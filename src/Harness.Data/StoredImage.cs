namespace Harness.Data;

/// <summary>
/// How one stored sample's float values lie in memory, for a <see cref="IPixelTransform"/>:
/// height × width pixels of <see cref="Channels"/> values, interleaved (HW, HWC) or one plane per
/// channel (CHW). A plain tensor is one row of single-channel values. Also what the transform
/// measures against: the value range the stored element type implies, and the stored value that
/// preprocessing maps to its pad value (null when channels normalise differently).
/// </summary>
internal readonly record struct StoredImage(
    int SampleIndex, SampleLayout Layout, int Height, int Width, int Channels, PixelRange Range, float? PadPixel)
{
    public bool Interleaved => Layout is SampleLayout.Hw or SampleLayout.Hwc;

    public int PixelCount => Height * Width;

    public int ValueCount => Height * Width * Channels;

    /// <summary>Where value (y, x, c) lies.</summary>
    public int Offset(int y, int x, int c) => Interleaved ? (((y * Width) + x) * Channels) + c : (((c * Height) + y) * Width) + x;
}
