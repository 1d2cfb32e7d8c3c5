namespace Harness.Evaluate.Metrics;

/// <summary>
/// A metric that can reduce each prediction to a few numbers once (correct or not, a loss, a
/// confidence bin, an edit count) and then be evaluated on any resample of indices from those
/// numbers alone. <see cref="Bootstrap"/> uses it to skip re-running argmax, softmax or edit
/// distance on every resample; any other metric is simply recomputed on each resample.
/// </summary>
public interface IResampleableMetric<TPrediction> : IMetric<TPrediction>
{
    /// <summary>Reduces <paramref name="predictions"/>; the evaluator answers for indices into this list.</summary>
    IResampleEvaluator Prepare(IReadOnlyList<TPrediction> predictions);
}
