namespace Harness.Evaluate.Metrics;

/// <summary>The fraction of predictions whose text equals the reference exactly (ordinal comparison).</summary>
public sealed class ExactMatch : ISequenceMetric, IRatioMetric<SequencePrediction>
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

    public void Decompose(IReadOnlyList<SequencePrediction> predictions, Span<double> numerators, Span<double> denominators)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        PredictionGuard.SameLength(predictions.Count, numerators, denominators);
        for (var i = 0; i < predictions.Count; i++)
        {
            numerators[i] = IsMatch(predictions[i]) ? 1 : 0;
            denominators[i] = 1;
        }
    }

    private static bool IsMatch(SequencePrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        return string.Equals(prediction.Expected, prediction.Actual, StringComparison.Ordinal);
    }
}
