using Harness.Assets;
using Harness.Data;
using Harness.Data.Ocr;

namespace Harness.Evaluate;

/// <summary>A named dataset opened for one model: its samples, the task they pose and, for text, the decoder.</summary>
public sealed record OpenedDataset(IDataset Dataset, EvaluationTask Task, CtcGreedyDecoder? Decoder, IReadOnlyList<string> DefaultMetrics, IReadOnlyList<string> DefaultSlices);

/// <summary>
/// Opens the datasets <see cref="DatasetNames"/> lists, with what evaluating on each means. Each is
/// made or found by set-up (the OCR lines are rendered on first use into <c>$HARNESS_HOME/datasets</c>;
/// Fashion-MNIST comes from Debian's package), and each comes with the preprocessing its models expect.
/// </summary>
public static class DatasetCatalog
{
    public static OpenedDataset Open(string name) => name switch
    {
        DatasetNames.OcrLines => OpenOcr(lines: true),
        DatasetNames.OcrDirections => OpenOcr(lines: false),
        DatasetNames.FashionMnist => new OpenedDataset(
            IdxDataset.FashionMnist(FashionMnistFolder, Preprocessing.UnitScale()),
            EvaluationTask.Classification,
            null,
            ["top1", "f1", "ece", "log_loss"],
            []),
        _ => throw new DatasetException($"unknown dataset '{name}'; known datasets: {string.Join(", ", DatasetNames.All)}"),
    };

    /// <summary>The datasets with a training split that students and trained models can learn from.</summary>
    public static IReadOnlyList<string> TrainingSets { get; } = [DatasetNames.FashionMnist, DatasetNames.OcrDirections];

    /// <summary>
    /// Lines rendered for training direction students: another seed than the evaluation set's, so
    /// other texts, fonts and sizes; a student is judged on lines it has never seen.
    /// </summary>
    public static OcrTestSetOptions OcrTrainingLines { get; } = new() { Seed = 2, LineCount = 1500 };

    /// <summary>
    /// A dataset's training split, with the preprocessing its evaluation split uses: Fashion-MNIST's
    /// 60 000 training images, or <see cref="OcrTrainingLines"/> upright and rotated, so a student
    /// is never trained on the samples its accuracy is measured on.
    /// </summary>
    public static IDataset OpenTraining(string name) => name switch
    {
        DatasetNames.FashionMnist => IdxDataset.FashionMnist(FashionMnistFolder, Preprocessing.UnitScale(), split: "train"),
        DatasetNames.OcrDirections => RenderOcr(OcrTrainingLines, Path.Combine(AssetCatalog.Home, "datasets", "ocr-lines-train-v1"), OcrDecoder())
            .Directions(PaddleOcrPreprocessing.DirectionClassifier()),
        _ => throw new DatasetException($"dataset '{name}' has no training split; datasets to train on: {string.Join(", ", TrainingSets)}"),
    };

    private static string FashionMnistFolder =>
        Environment.GetEnvironmentVariable("HARNESS_FASHION_MNIST") is { Length: > 0 } folder ? folder : "/usr/share/datasets/fashion-mnist";

    private static OpenedDataset OpenOcr(bool lines)
    {
        var decoder = OcrDecoder();
        var set = RenderOcr(new OcrTestSetOptions(), OcrTestSetGenerator.DefaultFolder(AssetCatalog.Home), decoder);
        return lines
            ? new OpenedDataset(set.Lines(PaddleOcrPreprocessing.Recognizer()), EvaluationTask.CtcText, decoder, ["exact_match", "cer"], ["font", "size", "length"])
            : new OpenedDataset(set.Directions(PaddleOcrPreprocessing.DirectionClassifier()), EvaluationTask.Classification, null, ["top1", "f1", "ece"], ["font", "size", "length"]);
    }

    private static CtcGreedyDecoder OcrDecoder() => CtcGreedyDecoder.FromKeysFile(Path.Combine(AssetCatalog.ModelsDirectory, "ppocr-v4", "ppocr_keys_v1.txt"));

    /// <summary>The lines <paramref name="options"/> describe, rendered once into <paramref name="folder"/>, with texts the recognizer can spell.</summary>
    private static OcrTestSet RenderOcr(OcrTestSetOptions options, string folder, CtcGreedyDecoder decoder) =>
        new OcrTestSetGenerator(options with { CanSpell = decoder.CanSpell }).EnsureRendered(folder);
}
