namespace Harness.Data.Ocr;

/// <summary>
/// A rendered OCR test set: upright line images with their texts (<c>labels.tsv</c>), and upright
/// plus 180°-rotated copies labelled 0 / 1 for the direction classifier (<c>direction.tsv</c>).
/// Both carry slice attributes font, size, length and format.
/// </summary>
public sealed record OcrTestSet(string Folder, int LineCount, bool FreshlyRendered)
{
    public const string LinesLabelsName = "labels.tsv";
    public const string DirectionLabelsName = "direction.tsv";
    public const string CompletionMarkerName = ".complete";

    public string LinesLabels => Path.Combine(Folder, LinesLabelsName);

    public string DirectionLabels => Path.Combine(Folder, DirectionLabelsName);

    /// <summary>
    /// The recognizer width that holds the widest line at 48 px height, as PaddleOCR widens a
    /// batch to its widest line (never below its default 320); a multiple of 8.
    /// </summary>
    public int RecognizerWidth
    {
        get
        {
            var widest = PaddleOcrPreprocessing.RecognizerWidth;
            foreach (var file in new NetpbmDataset(Folder, Preprocessing.Default, LabelKind.Text, labelsFile: LinesLabels).Files)
            {
                var (width, height) = NetpbmImage.ReadSize(Path.Combine(Folder, file));
                widest = Math.Max(widest, (int)Math.Ceiling(PaddleOcrPreprocessing.LineHeight * (width / (double)height)));
            }

            return (widest + 7) / 8 * 8;
        }
    }

    /// <summary>The upright lines, labelled with their text.</summary>
    public NetpbmDataset Lines(Preprocessing preprocessing) => new(Folder, preprocessing, LabelKind.Text, labelsFile: LinesLabels);

    /// <summary>Upright (0) and rotated (1) lines, for a 0°/180° direction classifier.</summary>
    public NetpbmDataset Directions(Preprocessing preprocessing) => new(Folder, preprocessing, LabelKind.Class, classCount: 2, labelsFile: DirectionLabels);
}
