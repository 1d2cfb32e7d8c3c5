namespace Harness.Assets;

/// <summary>
/// Named models and data that <c>run.sh</c> installs into the cache (<c>$HARNESS_HOME</c>, by
/// default <c>~/.cache/harness</c>), so scenarios can say <c>asset: ppocr-v4-rec</c> instead of a
/// machine-specific path.
/// </summary>
public static class AssetCatalog
{
    private static readonly Dictionary<string, string> Models = new(StringComparer.Ordinal)
    {
        ["ppocr-v4-det"] = "ppocr-v4/ch_PP-OCRv4_det_infer.onnx",
        ["ppocr-v4-rec"] = "ppocr-v4/ch_PP-OCRv4_rec_infer.onnx",
        ["ppocr-v2-cls"] = "ppocr-v4/ch_ppocr_mobile_v2.0_cls_infer.onnx",
        ["silero-vad-v4"] = "silero-vad/silero_vad_legacy.onnx",
        ["silero-vad-v5"] = "silero-vad/silero_vad_v5.onnx",
    };

    public static IReadOnlyCollection<string> ModelNames => Models.Keys;

    public static string Home =>
        Environment.GetEnvironmentVariable("HARNESS_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "harness");

    public static string ModelsDirectory =>
        Environment.GetEnvironmentVariable("HARNESS_MODELS") is { Length: > 0 } dir ? dir : Path.Combine(Home, "models");

    /// <summary>The path a named model asset lives at (whether or not it is installed yet), or null for an unknown name.</summary>
    public static string? TryResolveModel(string name) =>
        Models.TryGetValue(name, out var relative) ? Path.Combine(ModelsDirectory, relative) : null;
}
