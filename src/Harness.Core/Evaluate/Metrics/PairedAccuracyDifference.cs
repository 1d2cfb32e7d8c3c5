namespace Harness.Evaluate.Metrics;

/// <summary>
/// The difference in top-1 accuracy between two classifiers scored on the same samples (first
/// minus second), with a paired percentile bootstrap interval: each resample draws samples, not
/// variants, so both are judged on the same draw and the sample-to-sample variation they share
/// cancels. That makes the interval much narrower than one from two independent intervals. The
/// difference of the accuracies is the mean of the per-sample differences (1, 0 or −1), so
/// <see cref="Bootstrap"/> resamples those directly.
/// </summary>
public sealed class PairedAccuracyDifference : IResampleableMetric<PairedAccuracyDifference.Outcome>
{
    /// <summary>One sample: whether each classifier got it right.</summary>
    public readonly record struct Outcome(bool First, bool Second)
    {
        public int Difference => (First ? 1 : 0) - (Second ? 1 : 0);
    }

    public string Name => "top1 difference";

    public MetricDirection Direction => MetricDirection.HigherIsBetter;

    /// <summary>The difference and its interval; both lists are in the same sample order.</summary>
    public static BootstrapInterval Interval(IReadOnlyList<bool> first, IReadOnlyList<bool> second, int resamples, double confidence, int seed)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException($"a paired comparison needs the same samples: {first.Count} against {second.Count}", nameof(second));
        }

        var outcomes = new Outcome[first.Count];
        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = new Outcome(first[i], second[i]);
        }

        return Bootstrap.Interval(outcomes, new PairedAccuracyDifference(), resamples, confidence, seed);
    }

    public double Compute(IReadOnlyList<Outcome> predictions)
    {
        PredictionGuard.NotEmpty(predictions, Name);
        var sum = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            sum += predictions[i].Difference;
        }

        return (double)sum / predictions.Count;
    }

    public IResampleEvaluator Prepare(IReadOnlyList<Outcome> predictions)
    {
        PredictionGuard.NotEmpty(predictions, Name);
        var differences = new double[predictions.Count];
        for (var i = 0; i < differences.Length; i++)
        {
            differences[i] = predictions[i].Difference;
        }

        return new RatioEvaluator(differences);
    }
}
