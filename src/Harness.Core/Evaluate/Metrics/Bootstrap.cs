using Harness.Data;
using Quantile = Harness.Statistics.Quantile;

namespace Harness.Evaluate.Metrics;

/// <summary>
/// Percentile bootstrap confidence intervals for any metric over predictions (Efron): draw
/// <c>B</c> resamples of the predictions with replacement, compute the metric on each, and take
/// the α/2 and 1 − α/2 quantiles (type 7) of those values. Seeded, so an interval is reproducible
/// from its record.
/// <para>
/// Each resample is a set of indices drawn into one reusable buffer. A metric implementing
/// <see cref="IResampleableMetric{TPrediction}"/> (all the built-in ones) is reduced to
/// per-prediction numbers once, e.g. 0/1 correctness for accuracy, and each resample is evaluated
/// from those; any other metric is recomputed on a reusable view of the resample. Either way
/// nothing is allocated per resample by the bootstrap itself. Resamples on which a metric is
/// undefined (NaN, e.g. CER when every drawn reference is empty) are left out of the percentiles.
/// </para>
/// </summary>
public static class Bootstrap
{
    public const int DefaultResamples = 1000;
    public const double DefaultConfidence = 0.95;

    public static BootstrapInterval Interval<TPrediction>(
        IReadOnlyList<TPrediction> predictions,
        IMetric<TPrediction> metric,
        int resamples = DefaultResamples,
        double confidence = DefaultConfidence,
        int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(metric);
        PredictionGuard.NotEmpty(predictions, metric.Name);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must be in (0, 1)");
        }

        var estimate = metric.Compute(predictions);
        var indices = new int[predictions.Count];
        Func<double> evaluate = metric is IResampleableMetric<TPrediction> resampleable
            ? Evaluate(resampleable.Prepare(predictions), indices)
            : Evaluate(metric, new ResampledList<TPrediction>(predictions, indices));
        var random = new SeededRandom(seed);
        var estimates = new double[resamples];
        for (var b = 0; b < estimates.Length; b++)
        {
            for (var i = 0; i < indices.Length; i++)
            {
                indices[i] = random.NextInt(indices.Length);
            }

            estimates[b] = evaluate();
        }

        var (lower, upper) = PercentileBounds(estimates, confidence);
        return new BootstrapInterval(metric.Name, estimate, lower, upper, confidence, resamples, seed);
    }

    private static Func<double> Evaluate(IResampleEvaluator evaluator, int[] indices) => () => evaluator.Compute(indices);

    private static Func<double> Evaluate<TPrediction>(IMetric<TPrediction> metric, ResampledList<TPrediction> view) => () => metric.Compute(view);

    private static (double Lower, double Upper) PercentileBounds(double[] estimates, double confidence)
    {
        // Array.Sort puts NaNs first; the defined values follow.
        Array.Sort(estimates);
        var firstDefined = 0;
        while (firstDefined < estimates.Length && double.IsNaN(estimates[firstDefined]))
        {
            firstDefined++;
        }

        if (firstDefined == estimates.Length)
        {
            return (double.NaN, double.NaN);
        }

        var defined = estimates.AsSpan(firstDefined);
        var alpha = 1 - confidence;
        return (Quantile.OfSorted(defined, alpha / 2), Quantile.OfSorted(defined, 1 - (alpha / 2)));
    }
}
