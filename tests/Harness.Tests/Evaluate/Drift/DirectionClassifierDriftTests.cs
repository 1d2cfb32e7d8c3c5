using System.Globalization;
using Harness.Data;
using Harness.Data.Ocr;
using Harness.Data.Shifts;
using Harness.Evaluate;
using Harness.Evaluate.Drift;
using Harness.Onnx.Runtime;
using Harness.Tests.Runtime;
using Xunit.Abstractions;

namespace Harness.Tests.Evaluate.Drift;

/// <summary>
/// The real PaddleOCR direction classifier on rendered lines, clean and shifted: strong noise must
/// not make it more accurate. Uses the harness's cached OCR set (the options PaddleOcrModelTests
/// renders it with, so neither test re-renders it for the other).
/// </summary>
public sealed class DirectionClassifierDriftTests(ITestOutputHelper output)
{
    // 20 lines upright and rotated (direction.tsv alternates them).
    private const int Samples = 40;

    [Fact]
    public void Strong_noise_does_not_raise_the_direction_classifiers_accuracy()
    {
        Assert.True(File.Exists(TestAssets.Classifier), $"{TestAssets.Classifier} is missing: run ./run.sh to fetch the PaddleOCR models.");
        var decoder = CtcGreedyDecoder.FromKeysFile(Path.Combine(TestAssets.PaddleOcrDirectory, "ppocr_keys_v1.txt"));
        var set = new OcrTestSetGenerator(new OcrTestSetOptions { CanSpell = decoder.CanSpell }).EnsureRendered(OcrTestSetGenerator.DefaultFolder(TestAssets.Home));
        var lines = set.Directions(PaddleOcrPreprocessing.DirectionClassifier());
        using var options = OrtTestContext.SingleThreadOptions();
        using var session = InferenceSession.FromFile(OrtTestContext.Environment, TestAssets.Classifier, options);
        var evaluator = new Evaluator(session, EvaluationTask.Classification);
        var clean = evaluator.Run(lines, batchSize: 8, limit: Samples);

        var noisy = evaluator.Run(new ShiftedDataset(lines, new ShiftSpec(ShiftKind.GaussianNoise, 0.3, 1)), batchSize: 8, limit: Samples);
        var report = DriftReport.Of(clean, noisy);

        Assert.Empty(clean.Failures);
        Assert.Empty(noisy.Failures);
        Assert.Equal(Samples, report.Count);
        output.WriteLine($"direction classifier, {Samples} lines of {set.Folder}: clean top-1 {report.Drop.Clean:P1}");
        Describe(noisy.Dataset, report);
        Assert.True(report.Drop.Shifted <= report.Drop.Clean, $"accuracy {report.Drop.Shifted:P1} under noise, {report.Drop.Clean:P1} clean");

        // The other shifts, for the record (not asserted: a mild shift may cost nothing).
        foreach (var shift in new[]
        {
            new ShiftSpec(ShiftKind.GaussianNoise, 0.1, 1), new ShiftSpec(ShiftKind.Brightness, -0.4, 1), new ShiftSpec(ShiftKind.Contrast, -0.7, 1),
            new ShiftSpec(ShiftKind.Translation, 0.2, 1), new ShiftSpec(ShiftKind.Occlusion, 0.3, 1),
        })
        {
            var shifted = evaluator.Run(new ShiftedDataset(lines, shift), batchSize: 8, limit: Samples);
            Describe(shifted.Dataset, DriftReport.Of(clean, shifted));
        }
    }

    private void Describe(string dataset, DriftReport report) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {dataset}: top-1 {report.Drop.Shifted:P1} (drop {report.Drop.Absolute:+0.000;-0.000;0}), mean confidence {report.CleanMeanScore:F3} → {report.ShiftedMeanScore:F3}, PSI {report.Psi.Value:F3} over {report.Psi.Edges.Count + 1} bins, KS D {report.KolmogorovSmirnov.Statistic:F3} (p {report.KolmogorovSmirnov.PValue:G3})"));
}
