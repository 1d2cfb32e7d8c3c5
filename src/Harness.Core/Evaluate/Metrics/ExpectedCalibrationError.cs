namespace Harness.Evaluate.Metrics;

/// <summary>
/// Expected calibration error (Guo et al., 2017): top-1 confidences go into equal-width bins over
/// [0, 1]; ECE = Σ_b (n_b / N) · |accuracy_b − mean confidence_b|. Confidence is the predicted
/// class's probability (softmax of logits). Bins are right-closed, (k/B, (k+1)/B], matching the
/// reference implementation, so a confidence of exactly 1 lands in the last bin. 15 bins is the
/// paper's and the field's default.
/// </summary>
public sealed class ExpectedCalibrationError : IClassificationMetric, IResampleableMetric<ClassificationPrediction>
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
        var tally = new BinTally(Bins);
        for (var i = 0; i < predictions.Count; i++)
        {
            var (bin, confidence, correct) = Reduce(predictions[i]);
            tally.Add(bin, confidence, correct);
        }

        var bins = new ReliabilityBin[Bins];
        for (var b = 0; b < Bins; b++)
        {
            bins[b] = new ReliabilityBin((double)b / Bins, (double)(b + 1) / Bins, tally.Counts[b], tally.MeanConfidence(b), tally.Accuracy(b));
        }

        return new CalibrationReport(tally.Error(), predictions.Count, bins);
    }

    /// <summary>Reduces each prediction to its bin, confidence and correctness; softmax runs once, not per resample.</summary>
    public IResampleEvaluator Prepare(IReadOnlyList<ClassificationPrediction> predictions)
    {
        PredictionGuard.NotEmpty(predictions, Name);
        var bins = new int[predictions.Count];
        var confidences = new double[predictions.Count];
        var correct = new bool[predictions.Count];
        for (var i = 0; i < bins.Length; i++)
        {
            (bins[i], confidences[i], correct[i]) = Reduce(predictions[i]);
        }

        return new TallyEvaluator(new BinTally(Bins), bins, confidences, correct);
    }

    private (int Bin, double Confidence, bool Correct) Reduce(ClassificationPrediction prediction)
    {
        var predicted = ScoreVector.ArgMax(prediction.Scores);
        var confidence = ScoreVector.ProbabilityOf(prediction.Scores, predicted);
        // ceil(c·B) − 1 puts c in (k/B, (k+1)/B]; clamping sends 0 (and rounding past 1) to the ends.
        var bin = Math.Clamp((int)Math.Ceiling(confidence * Bins) - 1, 0, Bins - 1);
        return (bin, confidence, predicted == prediction.Label);
    }

    /// <summary>Per-bin count, confidence sum and correct count; the one place the ECE sum is formed.</summary>
    private sealed class BinTally(int bins)
    {
        private readonly double[] _confidenceSums = new double[bins];
        private readonly int[] _correct = new int[bins];
        private int _total;

        public int[] Counts { get; } = new int[bins];

        public void Clear()
        {
            Array.Clear(Counts);
            Array.Clear(_confidenceSums);
            Array.Clear(_correct);
            _total = 0;
        }

        public void Add(int bin, double confidence, bool correct)
        {
            Counts[bin]++;
            _confidenceSums[bin] += confidence;
            _correct[bin] += correct ? 1 : 0;
            _total++;
        }

        // An empty bin reports 0 for both, and weighs 0 in the error.
        public double MeanConfidence(int b) => Counts[b] == 0 ? 0 : _confidenceSums[b] / Counts[b];

        public double Accuracy(int b) => Counts[b] == 0 ? 0 : (double)_correct[b] / Counts[b];

        public double Error()
        {
            double ece = 0;
            for (var b = 0; b < Counts.Length; b++)
            {
                ece += (double)Counts[b] / _total * Math.Abs(Accuracy(b) - MeanConfidence(b));
            }

            return ece;
        }
    }

    private sealed class TallyEvaluator(BinTally tally, int[] bins, double[] confidences, bool[] correct) : IResampleEvaluator
    {
        public double Compute(ReadOnlySpan<int> indices)
        {
            tally.Clear();
            foreach (var i in indices)
            {
                tally.Add(bins[i], confidences[i], correct[i]);
            }

            return tally.Error();
        }
    }
}
