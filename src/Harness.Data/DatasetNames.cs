namespace Harness.Data;

/// <summary>
/// The labelled datasets a scenario can name. The plan checks names against this list; evaluation,
/// calibration and training open the sets it names, each with the preprocessing its models expect.
/// </summary>
public static class DatasetNames
{
    /// <summary>Rendered OCR text lines, for the recognizer (text labels).</summary>
    public const string OcrLines = "ocr-lines";

    /// <summary>The same lines upright and turned 180°, for the direction classifier.</summary>
    public const string OcrDirections = "ocr-directions";

    /// <summary>Fashion-MNIST's test set, from Debian's package.</summary>
    public const string FashionMnist = "fashion-mnist";

    public static IReadOnlyList<string> All { get; } = [OcrLines, OcrDirections, FashionMnist];
}
