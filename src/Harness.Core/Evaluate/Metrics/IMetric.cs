namespace Harness.Evaluate.Metrics;

/// <summary>What every metric says about itself, whatever it is computed over.</summary>
public interface IMetric
{
    /// <summary>The name a scenario uses for it, e.g. <c>top1</c>; see <see cref="MetricRegistry"/>.</summary>
    string Name { get; }

    MetricDirection Direction { get; }
}

/// <summary>
/// A metric over a list of predictions of one kind. Implementations are stateless and pure, so one
/// instance can be reused across slices and bootstrap resamples. An empty list is an error
/// (<see cref="ArgumentException"/>): a metric of nothing is a bug upstream, not a number.
/// </summary>
public interface IMetric<in TPrediction> : IMetric
{
    double Compute(IReadOnlyList<TPrediction> predictions);
}
