using System.Globalization;

namespace Harness.Evaluate.Metrics;

/// <summary>
/// The fraction of predictions whose label is among the <c>k</c> highest scores. Ties are broken
/// by class index as in <see cref="ScoreVector.RankOf"/>, so top-1 here equals
/// <see cref="Top1Accuracy"/>; with <c>k</c> at or above the class count every prediction counts.
/// </summary>
public sealed class TopKAccuracy : IClassificationMetric, IRatioMetric<ClassificationPrediction>
{
    public TopKAccuracy(int k = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        K = k;
    }

    public int K { get; }

    public string Name => "top" + K.ToString(CultureInfo.InvariantCulture);

    public MetricDirection Direction => MetricDirection.HigherIsBetter;

    public double Compute(IReadOnlyList<ClassificationPrediction> predictions)
    {
        PredictionGuard.NotEmpty(predictions, Name);
        var hits = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            if (IsHit(predictions[i]))
            {
                hits++;
            }
        }

        return (double)hits / predictions.Count;
    }

    public void Decompose(IReadOnlyList<ClassificationPrediction> predictions, Span<double> numerators, Span<double> denominators)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        PredictionGuard.SameLength(predictions.Count, numerators, denominators);
        for (var i = 0; i < predictions.Count; i++)
        {
            numerators[i] = IsHit(predictions[i]) ? 1 : 0;
            denominators[i] = 1;
        }
    }

    private bool IsHit(ClassificationPrediction prediction) => ScoreVector.RankOf(prediction.Scores, prediction.Label) < K;
}
