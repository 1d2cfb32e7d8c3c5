namespace Harness.Evaluate.Metrics;

/// <summary>
/// Percentile bootstrap confidence intervals for any metric over predictions (Efron): draw
/// <c>B</c> resamples of the predictions with replacement, compute the metric on each, and take
/// the α/2 and 1 − α/2 quantiles (type 7) of those values. Seeded, so an interval is reproducible
/// from its record.
/// <para>
/// Metrics implementing <see cref="IRatioMetric{TPrediction}"/> (accuracy, top-k, log loss, exact
/// match, CER) are decomposed once into per-prediction numerators and denominators; a resample is
/// then just two sums over drawn indices, with nothing allocated. Other metrics (F1, ECE) run on a
/// reusable view over one index buffer. Resamples on which a metric is undefined (NaN, e.g. CER
/// when every drawn reference is empty) are left out of the percentiles.
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

        var estimates = new double[resamples];
        double estimate;
        var random = new SeededRandom(seed);
        if (metric is IRatioMetric<TPrediction> ratio)
        {
            var numerators = new double[predictions.Count];
            var denominators = new double[predictions.Count];
            ratio.Decompose(predictions, numerators, denominators);
            estimate = Sum(denominators) == 0 ? double.NaN : Sum(numerators) / Sum(denominators);
            ResampleRatio(numerators, denominators, estimates, ref random);
        }
        else
        {
            estimate = metric.Compute(predictions);
            var indices = new int[predictions.Count];
            var view = new ResampledList<TPrediction>(predictions, indices);
            for (var b = 0; b < estimates.Length; b++)
            {
                Draw(indices, ref random);
                estimates[b] = metric.Compute(view);
            }
        }

        var (lower, upper) = PercentileBounds(estimates, confidence);
        return new BootstrapInterval(metric.Name, estimate, lower, upper, confidence, resamples, seed);
    }

    private static void ResampleRatio(double[] numerators, double[] denominators, double[] estimates, ref SeededRandom random)
    {
        var n = numerators.Length;
        var unitDenominators = Array.TrueForAll(denominators, d => d == 1);
        for (var b = 0; b < estimates.Length; b++)
        {
            double numerator = 0, denominator = 0;
            if (unitDenominators)
            {
                // Mean-type metrics: the denominator of a resample is its size.
                for (var i = 0; i < n; i++)
                {
                    numerator += numerators[random.NextInt(n)];
                }

                denominator = n;
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    var j = random.NextInt(n);
                    numerator += numerators[j];
                    denominator += denominators[j];
                }
            }

            estimates[b] = denominator == 0 ? double.NaN : numerator / denominator;
        }
    }

    private static void Draw(int[] indices, ref SeededRandom random)
    {
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = random.NextInt(indices.Length);
        }
    }

    private static (double Lower, double Upper) PercentileBounds(double[] estimates, double confidence)
    {
        // Sort NaNs out of the way: Array.Sort puts them first, so skip that prefix.
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
        return (SampleQuantile.OfSorted(defined, alpha / 2), SampleQuantile.OfSorted(defined, 1 - (alpha / 2)));
    }

    private static double Sum(double[] values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum;
    }
}
