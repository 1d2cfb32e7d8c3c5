namespace Harness.Data.Ocr;

/// <summary>A font the OCR lines are rendered in: the name slices report, and its file.</summary>
public sealed record OcrFont(string Name, string File);

/// <summary>
/// What the OCR test set is made of. Every random choice (text, font, size, colours, noise, blur)
/// follows from <see cref="Seed"/>, so the same options render the same files.
/// </summary>
public sealed record OcrTestSetOptions
{
    /// <summary>Where Debian's fonts-dejavu-core puts its fonts.</summary>
    public const string DejaVuFolder = "/usr/share/fonts/truetype/dejavu";

    public int Seed { get; init; } = 1;

    public int LineCount { get; init; } = 300;

    public IReadOnlyList<OcrFont> Fonts { get; init; } = DejaVuFonts(DejaVuFolder);

    /// <summary>Point sizes at ImageMagick's 72 dpi, so pixels: small text is upscaled to 48 px, large text downscaled.</summary>
    public IReadOnlyList<int> PointSizes { get; init; } = [16, 22, 28, 36, 44];

    /// <summary>Lines the recognizer's dictionary cannot spell are drawn again; null accepts every line.</summary>
    public Func<string, bool>? CanSpell { get; init; }

    /// <summary>DejaVu Sans, Serif and Sans Mono, regular and bold, from <paramref name="folder"/>.</summary>
    public static IReadOnlyList<OcrFont> DejaVuFonts(string folder) =>
        [.. new[] { "DejaVuSans", "DejaVuSans-Bold", "DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSansMono", "DejaVuSansMono-Bold" }
            .Select(name => new OcrFont(name, Path.Combine(folder, name + ".ttf")))];
}
