namespace Harness.Evaluate.Metrics;

/// <summary>
/// Character error rate over a corpus: Σ edit distance / Σ reference length, both in text
/// elements (<see cref="EditDistance"/>). Pooling the sums, rather than averaging per-line rates,
/// weights every character equally, so a wrong one-letter line cannot count like a wrong page.
/// It can exceed 1 when the recognised text is much longer than the reference. When every
/// reference is empty the rate is undefined and the result is NaN.
/// </summary>
public sealed class CharacterErrorRate : ISequenceMetric, IResampleableMetric<SequencePrediction>
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

    /// <summary>Per-prediction edit counts and reference lengths; a resample's CER is the ratio of their sums.</summary>
    public IResampleEvaluator Prepare(IReadOnlyList<SequencePrediction> predictions)
    {
        PredictionGuard.NotEmpty(predictions, Name);
        var edits = new double[predictions.Count];
        var characters = new double[predictions.Count];
        for (var i = 0; i < edits.Length; i++)
        {
            var p = predictions[i];
            edits[i] = EditDistance.Levenshtein(p.Expected, p.Actual);
            characters[i] = EditDistance.Length(p.Expected);
        }

        return new RatioEvaluator(edits, characters);
    }
}
