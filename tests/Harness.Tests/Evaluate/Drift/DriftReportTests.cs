using Harness.Evaluate.Drift;
using Harness.Evaluate.Metrics;

namespace Harness.Tests.Evaluate.Drift;

public sealed class DriftReportTests
{
    /// <summary>Two-class predictions, class 0 scored <paramref name="confidences"/>[i], labelled 0 for the first <paramref name="correct"/>.</summary>
    private static List<ClassificationPrediction> Predictions(double[] confidences, int correct) =>
        [.. confidences.Select((c, i) => new ClassificationPrediction(0, i < correct ? [(float)c, (float)(1 - c)] : [(float)(1 - c), (float)c]))];

    private static readonly double[] Confident = [.. Enumerable.Range(0, 40).Select(i => 0.9 + (i * 0.002))];

    [Fact]
    public void Identical_predictions_have_no_drift()
    {
        var clean = Predictions(Confident, correct: 30);

        var report = DriftReport.ForClassification(clean, clean);

        Assert.Equal(DriftReport.TopConfidence, report.Score);
        Assert.Equal(40, report.Count);
        Assert.Equal(0, report.Psi.Value);
        Assert.Equal(0, report.KolmogorovSmirnov.Statistic);
        Assert.Equal(1, report.KolmogorovSmirnov.PValue);
        Assert.Equal(0, report.Drop.Absolute);
        Assert.Equal(0.75, report.Drop.Clean);
        Assert.Equal(report.CleanMeanScore, report.ShiftedMeanScore);
    }

    [Fact]
    public void Lower_confidence_and_accuracy_show_as_drift_and_drop()
    {
        var clean = Predictions(Confident, correct: 30);
        var shifted = Predictions([.. Confident.Select(c => c - 0.3)], correct: 20);

        var report = DriftReport.ForClassification(clean, shifted);

        // Every shifted confidence (0.6 … 0.678) lies below every clean one (0.9 … 0.978): the CDFs
        // separate completely (D = 1), and all shifted mass falls in the lowest clean decile:
        // PSI = (1 − 0.1)·ln(1/0.1) + 9·(1e-4 − 0.1)·ln(1e-4/0.1).
        Assert.Equal(1, report.KolmogorovSmirnov.Statistic);
        Assert.Equal((0.9 * Math.Log(10)) + (9 * (1e-4 - 0.1) * Math.Log(1e-3)), report.Psi.Value, 9);
        Assert.Equal(0.25, report.Drop.Absolute, 12);
        Assert.Equal("top1", report.Drop.Metric);
        Assert.Equal(0.3, report.CleanMeanScore - report.ShiftedMeanScore, 5);
    }

    [Fact]
    public void Logits_are_read_as_probabilities_and_another_metric_can_measure_the_drop()
    {
        List<ClassificationPrediction> clean = [new(0, [2f, 0f]), new(1, [0f, 3f])];
        List<ClassificationPrediction> shifted = [new(0, [1.5f, 0f]), new(1, [1.5f, 0f])];

        var report = DriftReport.ForClassification(clean, shifted, new LogLoss());

        Assert.Equal(((1 / (1 + Math.Exp(-2))) + (1 / (1 + Math.Exp(-3)))) / 2, report.CleanMeanScore, 6);
        Assert.Equal(1 / (1 + Math.Exp(-1.5)), report.ShiftedMeanScore, 6);
        Assert.Equal(MetricDirection.LowerIsBetter, report.Drop.Direction);
        Assert.True(report.Drop.Absolute > 0);
    }

    [Fact]
    public void Sequences_compare_one_minus_normalised_edit_distance()
    {
        List<SequencePrediction> clean = [new("abc", "abc"), new("hello", "hello"), new("", "")];
        List<SequencePrediction> shifted = [new("abc", "abd"), new("hello", "hello world"), new("", "")];

        var report = DriftReport.ForSequences(clean, shifted);

        Assert.Equal(DriftReport.TextSimilarity, report.Score);
        Assert.Equal([1.0, 1.0, 1.0], DriftScores.TextSimilarities(clean));
        Assert.Equal([1 - (1 / 3.0), 1 - (6 / 11.0), 1], DriftScores.TextSimilarities(shifted));
        Assert.Equal("exact_match", report.Drop.Metric);
        Assert.Equal(2 / 3.0, report.Drop.Absolute, 12);
        Assert.Equal(0, DriftReport.ForSequences(shifted, shifted).Psi.Value);
    }

    [Fact]
    public void Predictions_of_different_samples_are_refused()
    {
        var clean = Predictions(Confident, correct: 30);

        var shorter = Assert.Throws<ArgumentException>(() => DriftReport.ForClassification(clean, clean.Take(39).ToList()));
        var relabelled = Assert.Throws<ArgumentException>(() => DriftReport.ForClassification(clean, [.. clean.Select((p, i) => i == 5 ? p with { Label = 1 } : p)]));
        var texts = Assert.Throws<ArgumentException>(() => DriftReport.ForSequences([new("a", "a")], [new("b", "a")]));

        Assert.Contains("40 clean and 39 shifted", shorter.Message, StringComparison.Ordinal);
        Assert.Contains("Prediction 5 has label 0 clean, 1 shifted", relabelled.Message, StringComparison.Ordinal);
        Assert.Contains("reference \"a\" clean, \"b\" shifted", texts.Message, StringComparison.Ordinal);
    }
}
