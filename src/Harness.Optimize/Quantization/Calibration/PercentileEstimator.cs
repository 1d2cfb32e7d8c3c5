namespace Harness.Optimize.Quantization.Calibration;

/// <summary>
/// Symmetric percentile calibration (ORT's "Percentile", symmetric): a histogram of |x|, the
/// threshold t at the upper edge of the bin where the cumulative share reaches the percentile, the
/// range [-t, t] narrowed to the values actually seen (so a ReLU output keeps its 0 lower end).
/// </summary>
public sealed class PercentileEstimator : IRangeEstimator
{
    private readonly Histogram histogram;
    private readonly double percentile;

    public PercentileEstimator(int bins = 2048, double percentile = 99.999)
    {
        if (percentile is <= 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "The percentile must be in (0, 100].");
        }

        histogram = new Histogram(bins, absolute: true);
        this.percentile = percentile;
    }

    public void Observe(ReadOnlySpan<float> values) => histogram.Add(values);

    public TensorRange Estimate()
    {
        if (histogram.Total == 0)
        {
            return new TensorRange(0, 0);
        }

        var wanted = histogram.Total * (percentile / 100.0);
        var counts = histogram.Counts;
        long cumulative = 0;
        var index = counts.Length - 1;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += counts[i];
            if (cumulative >= wanted)
            {
                index = i;
                break;
            }
        }

        var threshold = (float)histogram.Edge(index + 1);
        return new TensorRange(Math.Max(-threshold, histogram.Min), Math.Min(threshold, histogram.Max));
    }
}
