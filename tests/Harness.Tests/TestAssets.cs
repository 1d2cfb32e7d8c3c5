namespace Harness.Tests;

/// <summary>
/// Where the real models and data that <c>./run.sh</c> set up live. Tests use the same cache the
/// harness uses, so they run on exactly what a user runs.
/// </summary>
internal static class TestAssets
{
    public static string Home => Harness.Assets.AssetCatalog.Home;

    public static string ModelsDirectory => Harness.Assets.AssetCatalog.ModelsDirectory;

    public static string PaddleOcrDirectory => Path.Combine(ModelsDirectory, "ppocr-v4");

    /// <summary>PaddleOCR v2 direction classifier: the smallest real model (0.6 MB), input x [batch, 3, height, width] (all symbolic: p2o.DynamicDimension.0..2).</summary>
    public static string Classifier => Path.Combine(PaddleOcrDirectory, "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    /// <summary>PaddleOCR v4 recognizer, input x [-1, 3, 48, -1].</summary>
    public static string Recognizer => Path.Combine(PaddleOcrDirectory, "ch_PP-OCRv4_rec_infer.onnx");

    /// <summary>PaddleOCR v4 text detector, input x [-1, 3, -1, -1].</summary>
    public static string Detector => Path.Combine(PaddleOcrDirectory, "ch_PP-OCRv4_det_infer.onnx");

    /// <summary>The repository root, found from the test binary's folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Harness.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Harness.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>A fresh scratch folder under the system temp folder.</summary>
    public static string NewScratchDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), "harness-tests", purpose + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
