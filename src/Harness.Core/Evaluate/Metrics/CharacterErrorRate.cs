namespace Harness.Evaluate.Metrics;

/// <summary>
/// Character error rate over a corpus: Σ edit distance / Σ reference length, both in text
/// elements (<see cref="EditDistance"/>). Pooling the sums, rather than averaging per-line rates,
/// weights every character equally, so a wrong one-letter line cannot count like a wrong page.
/// It can exceed 1 when the recognised text is much longer than the reference. When every
/// reference is empty the rate is undefined and the result is NaN.
/// </summary>
public sealed class CharacterErrorRate : ISequenceMetric, IRatioMetric<SequencePrediction>
{
    public string Name => "cer";

    public MetricDirection Direction => MetricDirection.LowerIsBetter;

    public double Compute(IReadOnlyList<SequencePrediction> predictions)
    {
        PredictionGuard.NotEmpty(predictions, Name);
        long edits = 0, characters = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            var p = predictions[i];
            edits += EditDistance.Levenshtein(p.Expected, p.Actual);
            characters += EditDistance.Length(p.Expected);
        }

        return characters == 0 ? double.NaN : (double)edits / characters;
    }

    public void Decompose(IReadOnlyList<SequencePrediction> predictions, Span<double> numerators, Span<double> denominators)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        PredictionGuard.SameLength(predictions.Count, numerators, denominators);
        for (var i = 0; i < predictions.Count; i++)
        {
            var p = predictions[i];
            numerators[i] = EditDistance.Levenshtein(p.Expected, p.Actual);
            denominators[i] = EditDistance.Length(p.Expected);
        }
    }
}
