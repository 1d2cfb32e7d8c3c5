namespace Harness.Evaluate.Metrics;

/// <summary>
/// Mean negative log-likelihood of the label, −(1/N) Σ ln pᵢ, with pᵢ the label's probability
/// (<see cref="ScoreVector.ProbabilityOf"/>: softmax of logits). pᵢ is clamped below at
/// <see cref="Epsilon"/> so one confidently wrong prediction costs at most −ln 1e-15 ≈ 34.5 instead
/// of infinity, scikit-learn's convention.
/// </summary>
public sealed class LogLoss : IClassificationMetric, IRatioMetric<ClassificationPrediction>
{
    public const double Epsilon = 1e-15;

    public string Name => "log_loss";

    public MetricDirection Direction => MetricDirection.LowerIsBetter;

    public double Compute(IReadOnlyList<ClassificationPrediction> predictions)
    {
        PredictionGuard.NotEmpty(predictions, Name);
        double sum = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            sum += Loss(predictions[i]);
        }

        return sum / predictions.Count;
    }

    public void Decompose(IReadOnlyList<ClassificationPrediction> predictions, Span<double> numerators, Span<double> denominators)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        PredictionGuard.SameLength(predictions.Count, numerators, denominators);
        for (var i = 0; i < predictions.Count; i++)
        {
            numerators[i] = Loss(predictions[i]);
            denominators[i] = 1;
        }
    }

    /// <summary>One prediction's loss, −ln max(p_label, ε).</summary>
    public static double Loss(ClassificationPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var p = ScoreVector.ProbabilityOf(prediction.Scores, prediction.Label);
        return -Math.Log(Math.Max(p, Epsilon));
    }
}
