using System.Globalization;

namespace Harness.Evaluate.Metrics;

/// <summary>
/// The fraction of predictions whose label is among the <c>k</c> highest scores. Ties are broken
/// by class index as in <see cref="ScoreVector.RankOf"/>, so top-1 here equals
/// <see cref="Top1Accuracy"/>; with <c>k</c> at or above the class count every prediction counts.
/// </summary>
public sealed class TopKAccuracy : IClassificationMetric, IResampleableMetric<ClassificationPrediction>
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

    /// <summary>Per-prediction 0/1 hits; a resample's top-k accuracy is their mean.</summary>
    public IResampleEvaluator Prepare(IReadOnlyList<ClassificationPrediction> predictions)
    {
        PredictionGuard.NotEmpty(predictions, Name);
        var hits = new double[predictions.Count];
        for (var i = 0; i < hits.Length; i++)
        {
            hits[i] = IsHit(predictions[i]) ? 1 : 0;
        }

        return new RatioEvaluator(hits);
    }

    private bool IsHit(ClassificationPrediction prediction) => ScoreVector.RankOf(prediction.Scores, prediction.Label) < K;
}
