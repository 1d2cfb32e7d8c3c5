namespace Harness.Optimize.Quantization.Calibration;

/// <summary>
/// Entropy (KL-divergence) calibration in the manner of TensorRT and ORT's EntropyCalibrater: over
/// a signed histogram, try every symmetric window around zero at least <c>quantizedBins</c> wide;
/// for each, fold the outliers into the edge bins (reference distribution P), squeeze the window
/// into <c>quantizedBins</c> levels and spread them back over P's non-empty bins (candidate Q), and
/// keep the window with the smallest KL(P‖Q). The range is that window narrowed to the values seen.
/// Our histogram is finer than ORT's default (2048 bins rather than 128), so there are real
/// candidates to choose among.
/// </summary>
public sealed class EntropyEstimator : IRangeEstimator
{
    // What ORT's smooth_distribution adds to empty bins so that KL stays finite.
    private const double Epsilon = 1e-4;

    private readonly Histogram histogram;
    private readonly int quantizedBins;

    public EntropyEstimator(int bins = 2048, int quantizedBins = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantizedBins, 2);
        if (bins < 2 * quantizedBins)
        {
            throw new ArgumentException($"Entropy calibration needs at least {2 * quantizedBins} histogram bins for {quantizedBins} levels.", nameof(bins));
        }

        histogram = new Histogram(bins, absolute: false);
        this.quantizedBins = quantizedBins;
    }

    public void Observe(ReadOnlySpan<float> values) => histogram.Add(values);

    public TensorRange Estimate()
    {
        if (histogram.Total == 0 || histogram.Limit == 0)
        {
            return new TensorRange(Math.Min(0, Finite(histogram.Min)), Math.Max(0, Finite(histogram.Max)));
        }

        var counts = histogram.Counts;
        var center = counts.Length / 2;
        var bestHalfWidth = center;
        var bestDivergence = double.PositiveInfinity;
        var p = new double[counts.Length];
        var q = new double[counts.Length];
        var below = new long[counts.Length + 1];
        for (var i = 0; i < counts.Length; i++)
        {
            below[i + 1] = below[i] + counts[i];
        }

        for (var half = quantizedBins / 2; half <= center; half++)
        {
            var divergence = Divergence(counts, below, center - half, center + half, p, q);
            if (divergence < bestDivergence)
            {
                bestDivergence = divergence;
                bestHalfWidth = half;
            }
        }

        var threshold = (float)(bestHalfWidth * histogram.BinWidth);
        return new TensorRange(Math.Max(-threshold, histogram.Min), Math.Min(threshold, histogram.Max));
    }

    private static float Finite(float value) => float.IsInfinity(value) ? 0 : value;

    private double Divergence(ReadOnlySpan<long> counts, long[] below, int start, int end, double[] p, double[] q)
    {
        var size = end - start;
        var leftOutliers = below[start];
        var rightOutliers = below[counts.Length] - below[end];

        for (var i = 0; i < size; i++)
        {
            p[i] = counts[start + i];
        }

        p[0] += leftOutliers;
        p[size - 1] += rightOutliers;

        // Bin i of the window goes to level i * levels / size; each level spreads its total evenly
        // over the bins that were non-empty in the window (empty ones stay empty, as in P).
        Span<double> levelTotal = stackalloc double[quantizedBins];
        Span<int> levelNonEmpty = stackalloc int[quantizedBins];
        levelTotal.Clear();
        levelNonEmpty.Clear();
        for (var i = 0; i < size; i++)
        {
            var level = (int)((long)i * quantizedBins / size);
            long inWindow = counts[start + i];
            levelTotal[level] += inWindow;
            if (p[i] != 0)
            {
                levelNonEmpty[level]++;
            }
        }

        for (var i = 0; i < size; i++)
        {
            var level = (int)((long)i * quantizedBins / size);
            q[i] = p[i] == 0 || levelNonEmpty[level] == 0 ? 0 : levelTotal[level] / levelNonEmpty[level];
        }

        return KullbackLeibler(p.AsSpan(0, size), q.AsSpan(0, size));
    }

    /// <summary>KL(P‖Q) of two count vectors, each normalized and smoothed so empty bins hold a little mass.</summary>
    private static double KullbackLeibler(Span<double> p, Span<double> q)
    {
        if (!Smooth(p) || !Smooth(q))
        {
            return double.PositiveInfinity;
        }

        double sum = 0;
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] > 0)
            {
                sum += p[i] * Math.Log(p[i] / q[i]);
            }
        }

        return sum;
    }

    private static bool Smooth(Span<double> distribution)
    {
        var zeros = 0;
        double total = 0;
        foreach (var v in distribution)
        {
            total += v;
            zeros += v == 0 ? 1 : 0;
        }

        var nonZeros = distribution.Length - zeros;
        if (nonZeros == 0 || total <= 0)
        {
            return false;
        }

        var taken = Epsilon * zeros / nonZeros;
        for (var i = 0; i < distribution.Length; i++)
        {
            var normalized = distribution[i] / total;
            distribution[i] = normalized == 0 ? Epsilon : normalized - taken;
            if (distribution[i] <= 0)
            {
                // Too many empty bins for this epsilon: the candidate cannot be compared fairly.
                return false;
            }
        }

        return true;
    }
}
