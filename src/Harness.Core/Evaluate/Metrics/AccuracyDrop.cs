namespace Harness.Evaluate.Metrics;

/// <summary>
/// How much worse a metric is on shifted data (noise, blur, another font) than on clean data.
/// <paramref name="Absolute"/> is signed so that positive always means worse: clean − shifted for a
/// higher-is-better metric, shifted − clean for a lower-is-better one. <paramref name="Relative"/>
/// is Absolute / |Clean|, NaN when Clean is 0 (a relative change from zero has no value).
/// </summary>
public sealed record AccuracyDrop(string Metric, MetricDirection Direction, double Clean, double Shifted, double Absolute, double Relative)
{
    public static AccuracyDrop Between(string metric, MetricDirection direction, double clean, double shifted)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var absolute = direction == MetricDirection.HigherIsBetter ? clean - shifted : shifted - clean;
        var relative = clean == 0 ? double.NaN : absolute / Math.Abs(clean);
        return new AccuracyDrop(metric, direction, clean, shifted, absolute, relative);
    }

    /// <summary>Computes <paramref name="metric"/> on both prediction sets and compares them.</summary>
    public static AccuracyDrop Of<TPrediction>(IMetric<TPrediction> metric, IReadOnlyList<TPrediction> clean, IReadOnlyList<TPrediction> shifted)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return Between(metric.Name, metric.Direction, metric.Compute(clean), metric.Compute(shifted));
    }
}
