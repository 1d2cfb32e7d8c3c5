namespace Harness.Evaluate.Metrics;

/// <summary>The fraction of predictions whose highest-scoring class is the label (ties go to the lowest index).</summary>
public sealed class Top1Accuracy : IClassificationMetric, IRatioMetric<ClassificationPrediction>
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

    public void Decompose(IReadOnlyList<ClassificationPrediction> predictions, Span<double> numerators, Span<double> denominators)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        PredictionGuard.SameLength(predictions.Count, numerators, denominators);
        for (var i = 0; i < predictions.Count; i++)
        {
            numerators[i] = IsCorrect(predictions[i]) ? 1 : 0;
            denominators[i] = 1;
        }
    }

    public static bool IsCorrect(ClassificationPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        return ScoreVector.ArgMax(prediction.Scores) == prediction.Label;
    }
}
