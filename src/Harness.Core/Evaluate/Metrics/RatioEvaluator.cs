namespace Harness.Evaluate.Metrics;

/// <summary>
/// Evaluates a metric that equals Σ numeratorᵢ / Σ denominatorᵢ over its predictions. Mean-type
/// metrics (accuracy, log loss, exact match) have no denominators: their value is the mean of the
/// per-prediction terms, e.g. 0/1 correctness. Character error rate has edit distance over
/// reference length. A resample with a zero denominator sum is undefined: NaN.
/// </summary>
public sealed class RatioEvaluator : IResampleEvaluator
{
    private readonly double[] _numerators;
    private readonly double[]? _denominators;

    public RatioEvaluator(double[] numerators, double[]? denominators = null)
    {
        ArgumentNullException.ThrowIfNull(numerators);
        if (denominators is not null && denominators.Length != numerators.Length)
        {
            throw new ArgumentException("one denominator per numerator", nameof(denominators));
        }

        _numerators = numerators;
        _denominators = denominators;
    }

    public double Compute(ReadOnlySpan<int> indices)
    {
        double numerator = 0;
        if (_denominators is null)
        {
            foreach (var i in indices)
            {
                numerator += _numerators[i];
            }

            return indices.IsEmpty ? double.NaN : numerator / indices.Length;
        }

        double denominator = 0;
        foreach (var i in indices)
        {
            numerator += _numerators[i];
            denominator += _denominators[i];
        }

        return denominator == 0 ? double.NaN : numerator / denominator;
    }
}
