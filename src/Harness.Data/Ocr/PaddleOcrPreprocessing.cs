namespace Harness.Data.Ocr;

/// <summary>
/// The input preparation PaddleOCR's own predictors apply (tools/infer/predict_rec.py and
/// predict_cls.py, resize_norm_img): three channels in OpenCV's BGR order, height 48, width from
/// the aspect ratio, values (x/255 − 0.5)/0.5 in [−1, 1], then padding on the right with 0, NCHW.
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
    /// Recognizer input as PaddleOCR batches it: [N, 3, 48, W] with W the widest line of the batch
    /// at 48 px height, at least 320. Lines keep their aspect ratio; narrower ones are padded.
    /// Padding is not free (the model may read a wide blank as spaces), which is why PaddleOCR
    /// batches lines of similar width; batch size 1 gives every line its own width.
    /// </summary>
    public static Preprocessing Recognizer() => Line(ResizeMode.FitHeightPadToBatch, RecognizerWidth);

    /// <summary>
    /// Recognizer input of one fixed shape [N, 3, 48, <paramref name="width"/>] (for runs that need
    /// a static shape): lines wider than the width at 48 px are squeezed into it.
    /// </summary>
    public static Preprocessing RecognizerFixedWidth(int width = RecognizerWidth) => Line(ResizeMode.FitHeightPadRight, width);

    /// <summary>Direction classifier input, [N, 3, 48, 192]: long lines are squeezed to 192, as in PaddleOCR.</summary>
    public static Preprocessing DirectionClassifier() => Line(ResizeMode.FitHeightPadRight, ClassifierWidth);

    private static Preprocessing Line(ResizeMode resize, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        return new Preprocessing
        {
            Channels = 3,
            ReverseChannels = true,
            Resize = resize,
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
