using System.Globalization;

namespace Harness.Data.Ocr;

/// <summary>
/// Everything about one rendered line, drawn from the seed before anything is rendered: its text
/// and how it looks. <see cref="FileName"/> is upright; <see cref="RotatedFileName"/> is the same
/// image turned 180°, for the direction classifier.
/// </summary>
public sealed record OcrLine(
    int Index, string Text, OcrFont Font, int PointSize, bool Color, bool Ascii, string Foreground, string Background,
    int BorderX, int BorderY, int NoiseSeed, double Noise, double Blur)
{
    public string Extension => Color ? ".ppm" : ".pgm";

    public string FileName => string.Create(CultureInfo.InvariantCulture, $"line-{Index:0000}{Extension}");

    public string RotatedFileName => string.Create(CultureInfo.InvariantCulture, $"line-{Index:0000}-r180{Extension}");

    /// <summary>The slice attributes metrics group by.</summary>
    public IEnumerable<KeyValuePair<string, string>> Slices =>
    [
        new("font", Font.Name),
        new("size", PointSize.ToString(CultureInfo.InvariantCulture)),
        new("length", OcrTextComposer.LengthBucket(Text)),
        new("format", Color ? "ppm" : "pgm"),
    ];

    /// <summary>A line of the fingerprint: every field that changes the rendered pixels.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Index}\t{Text}\t{Font.Name}\t{PointSize}\t{Color}\t{Ascii}\t{Foreground}\t{Background}\t{BorderX}x{BorderY}\t{NoiseSeed}\t{Noise:0.###}\t{Blur:0.###}");
}
