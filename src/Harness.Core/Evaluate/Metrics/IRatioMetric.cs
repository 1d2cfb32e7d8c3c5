namespace Harness.Evaluate.Metrics;

/// <summary>
/// A metric that equals Σ numeratorᵢ / Σ denominatorᵢ over per-prediction terms. Mean-type metrics
/// (accuracy, log loss, exact match) have every denominator 1; character error rate has edit
/// distance over reference length. Knowing this lets <see cref="Bootstrap"/> decompose once and
/// resample sums of numbers instead of re-running the metric on every resample.
/// </summary>
public interface IRatioMetric<in TPrediction> : IMetric<TPrediction>
{
    /// <summary>Writes each prediction's numerator and denominator; both spans have the list's length.</summary>
    void Decompose(IReadOnlyList<TPrediction> predictions, Span<double> numerators, Span<double> denominators);
}
