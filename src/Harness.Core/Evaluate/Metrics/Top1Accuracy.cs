namespace Harness.Evaluate.Metrics;

/// <summary>The fraction of predictions whose highest-scoring class is the label (ties go to the lowest index).</summary>
public sealed class Top1Accuracy : IClassificationMetric, IResampleableMetric<ClassificationPrediction>
{
    public string Name => "top1";

    public MetricDirection Direction => MetricDirection.HigherIsBetter;

    public double Compute(IReadOnlyList<ClassificationPrediction> predictions)
    {
        PredictionGuard.NotEmpty(predictions, Name);
        var correct = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            if (IsCorrect(predictions[i]))
            {
                correct++;
            }
        }

        return (double)correct / predictions.Count;
    }

    /// <summary>Per-prediction 0/1 correctness; a resample's accuracy is its mean.</summary>
    public IResampleEvaluator Prepare(IReadOnlyList<ClassificationPrediction> predictions)
    {
        PredictionGuard.NotEmpty(predictions, Name);
        var correct = new double[predictions.Count];
        for (var i = 0; i < correct.Length; i++)
        {
            correct[i] = IsCorrect(predictions[i]) ? 1 : 0;
        }

        return new RatioEvaluator(correct);
    }

    public static bool IsCorrect(ClassificationPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        return ScoreVector.ArgMax(prediction.Scores) == prediction.Label;
    }
}
