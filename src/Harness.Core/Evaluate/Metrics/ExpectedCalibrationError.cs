namespace Harness.Evaluate.Metrics;

/// <summary>
/// Expected calibration error (Guo et al., 2017): top-1 confidences go into equal-width bins over
/// [0, 1]; ECE = Σ_b (n_b / N) · |accuracy_b − mean confidence_b|. Confidence is the predicted
/// class's probability (softmax of logits). Bins are right-closed, (k/B, (k+1)/B], matching the
/// reference implementation, so a confidence of exactly 1 lands in the last bin. 15 bins is the
/// paper's and the field's default.
/// </summary>
public sealed class ExpectedCalibrationError : IClassificationMetric
{
    public const int DefaultBins = 15;

    public ExpectedCalibrationError(int bins = DefaultBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        Bins = bins;
    }

    public int Bins { get; }

    public string Name => "ece";

    public MetricDirection Direction => MetricDirection.LowerIsBetter;

    public double Compute(IReadOnlyList<ClassificationPrediction> predictions) => Evaluate(predictions).ExpectedCalibrationError;

    /// <summary>ECE and, per bin, count, mean confidence and accuracy for a reliability diagram.</summary>
    public CalibrationReport Evaluate(IReadOnlyList<ClassificationPrediction> predictions)
    {
        PredictionGuard.NotEmpty(predictions, Name);
        var counts = new int[Bins];
        var confidenceSums = new double[Bins];
        var correctCounts = new int[Bins];
        for (var i = 0; i < predictions.Count; i++)
        {
            var p = predictions[i];
            var predicted = ScoreVector.ArgMax(p.Scores);
            var confidence = ScoreVector.ProbabilityOf(p.Scores, predicted);
            var bin = BinOf(confidence);
            counts[bin]++;
            confidenceSums[bin] += confidence;
            if (predicted == p.Label)
            {
                correctCounts[bin]++;
            }
        }

        var bins = new ReliabilityBin[Bins];
        double ece = 0;
        for (var b = 0; b < Bins; b++)
        {
            var n = counts[b];
            var meanConfidence = n == 0 ? 0 : confidenceSums[b] / n;
            var accuracy = n == 0 ? 0 : (double)correctCounts[b] / n;
            bins[b] = new ReliabilityBin((double)b / Bins, (double)(b + 1) / Bins, n, meanConfidence, accuracy);
            ece += (double)n / predictions.Count * Math.Abs(accuracy - meanConfidence);
        }

        return new CalibrationReport(ece, predictions.Count, bins);
    }

    private int BinOf(double confidence)
    {
        // ceil(c·B) − 1 puts c in (k/B, (k+1)/B]; clamping sends 0 (and rounding past 1) to the ends.
        var bin = (int)Math.Ceiling(confidence * Bins) - 1;
        return Math.Clamp(bin, 0, Bins - 1);
    }
}
