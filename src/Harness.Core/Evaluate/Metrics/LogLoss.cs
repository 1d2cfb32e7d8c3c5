namespace Harness.Evaluate.Metrics;

/// <summary>
/// Mean negative log-likelihood of the label, −(1/N) Σ ln pᵢ, with pᵢ the label's probability
/// (<see cref="ScoreVector.ProbabilityOf"/>: softmax of logits). pᵢ is clamped below at
/// <see cref="Epsilon"/> so one confidently wrong prediction costs at most −ln 1e-15 ≈ 34.5 instead
/// of infinity, scikit-learn's convention.
/// </summary>
public sealed class LogLoss : IClassificationMetric, IResampleableMetric<ClassificationPrediction>
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

    /// <summary>Per-prediction losses; a resample's log loss is their mean.</summary>
    public IResampleEvaluator Prepare(IReadOnlyList<ClassificationPrediction> predictions)
    {
        PredictionGuard.NotEmpty(predictions, Name);
        var losses = new double[predictions.Count];
        for (var i = 0; i < losses.Length; i++)
        {
            losses[i] = Loss(predictions[i]);
        }

        return new RatioEvaluator(losses);
    }

    /// <summary>One prediction's loss, −ln max(p_label, ε).</summary>
    public static double Loss(ClassificationPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var p = ScoreVector.ProbabilityOf(prediction.Scores, prediction.Label);
        return -Math.Log(Math.Max(p, Epsilon));
    }
}
