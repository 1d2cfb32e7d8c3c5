namespace Harness.Evaluate.Metrics;

/// <summary>The fraction of predictions whose text equals the reference exactly (ordinal comparison).</summary>
public sealed class ExactMatch : ISequenceMetric, IResampleableMetric<SequencePrediction>
{
    public string Name => "exact_match";

    public MetricDirection Direction => MetricDirection.HigherIsBetter;

    public double Compute(IReadOnlyList<SequencePrediction> predictions)
    {
        PredictionGuard.NotEmpty(predictions, Name);
        var matches = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            if (IsMatch(predictions[i]))
            {
                matches++;
            }
        }

        return (double)matches / predictions.Count;
    }

    /// <summary>Per-prediction 0/1 matches; a resample's exact-match rate is their mean.</summary>
    public IResampleEvaluator Prepare(IReadOnlyList<SequencePrediction> predictions)
    {
        PredictionGuard.NotEmpty(predictions, Name);
        var matches = new double[predictions.Count];
        for (var i = 0; i < matches.Length; i++)
        {
            matches[i] = IsMatch(predictions[i]) ? 1 : 0;
        }

        return new RatioEvaluator(matches);
    }

    private static bool IsMatch(SequencePrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        return string.Equals(prediction.Expected, prediction.Actual, StringComparison.Ordinal);
    }
}
