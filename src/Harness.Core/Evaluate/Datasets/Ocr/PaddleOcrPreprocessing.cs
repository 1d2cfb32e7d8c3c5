namespace Harness.Evaluate.Datasets.Ocr;

/// <summary>
/// The input preparation PaddleOCR's own predictors apply (tools/infer/predict_rec.py and
/// predict_cls.py, resize_norm_img): three channels in OpenCV's BGR order, height 48, width from
/// the aspect ratio capped at the model width, values (x/255 − 0.5)/0.5 in [−1, 1], then padding
/// on the right with 0, NCHW.
/// </summary>
public static class PaddleOcrPreprocessing
{
    /// <summary>The line height both the v4 recognizer and the v2 direction classifier take.</summary>
    public const int LineHeight = 48;

    /// <summary>PaddleOCR's default recognizer width (rec_image_shape 3,48,320).</summary>
    public const int RecognizerWidth = 320;

    /// <summary>The direction classifier's width (cls_image_shape 3,48,192).</summary>
    public const int ClassifierWidth = 192;

    /// <summary>
    /// Recognizer input, [N, 3, 48, <paramref name="width"/>]. PaddleOCR widens a batch to its
    /// widest line instead of squeezing it into 320; pass a width that holds the longest line
    /// (e.g. <see cref="OcrTestSet.RecognizerWidth"/>) to read long lines as PaddleOCR does.
    /// </summary>
    public static Preprocessing Recognizer(int width = RecognizerWidth) => Line(width);

    /// <summary>Direction classifier input, [N, 3, 48, 192]: long lines are squeezed to 192, as in PaddleOCR.</summary>
    public static Preprocessing DirectionClassifier() => Line(ClassifierWidth);

    private static Preprocessing Line(int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        return new Preprocessing
        {
            Channels = 3,
            ReverseChannels = true,
            Resize = ResizeMode.FitHeightPadRight,
            Height = LineHeight,
            Width = width,
            Scale = 1f / 255f,
            Mean = [0.5f],
            Std = [0.5f],
            PadValue = 0f,
            Layout = TensorLayout.Nchw,
        };
    }
}
