namespace Harness.Optimize.Quantization.Calibration;

/// <summary>
/// Entropy (KL-divergence) calibration in the manner of TensorRT and ORT's EntropyCalibrater: over
/// a signed histogram, try every symmetric threshold ±t (from <c>quantizedBins</c>/2 bins on); for
/// each, fold the values beyond it into the edge bins (reference distribution P), squeeze the
/// window into quantization levels and spread each level's count back over P's non-empty bins
/// (candidate Q), and keep the threshold with the smallest KL(P‖Q).
/// Two departures from ORT, both toward what the quantizer will then do: the window is first
/// narrowed to the values actually seen (so a ReLU output is judged on [0, t], not [-t, t] with its
/// empty half), and it gets 2 × <c>quantizedBins</c> levels, the 256 an asymmetric uint8 range
/// spreads over it. With ORT's 128 levels over ±t a ReLU output keeps only 64 levels in the
/// comparison and the method clips it at under two standard deviations. Our histogram is also
/// finer than ORT's default (2048 bins rather than 128), so there are real candidates to choose among.
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

        var firstSeen = 0;
        while (counts[firstSeen] == 0)
        {
            firstSeen++;
        }

        var lastSeen = counts.Length - 1;
        while (counts[lastSeen] == 0)
        {
            lastSeen--;
        }

        var levels = 2 * quantizedBins;
        for (var half = quantizedBins / 2; half <= center; half++)
        {
            // The window always reaches the bin holding 0: the quantizer widens every range to
            // include 0 and spreads its levels over [min(lo, 0), max(hi, 0)], so a tensor seen only
            // in [0.25, 2] must be judged with its levels spread from 0, not from 0.25.
            var start = Math.Min(center, Math.Max(center - half, firstSeen));
            var end = Math.Max(center + 1, Math.Min(center + half, lastSeen + 1));

            // A window of fewer bins than levels keeps every bin exact in Q, so its divergence
            // counts only the clipped tail and none of the rounding a wider range avoids; such
            // windows won by clipping real activations to a fraction of their range.
            if (end - start < levels)
            {
                continue;
            }

            var divergence = Divergence(counts, below, center, start, end, p, q);
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

    private double Divergence(ReadOnlySpan<long> counts, long[] below, int center, int start, int end, double[] p, double[] q)
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
        // over the bins that were non-empty in the window (empty ones stay empty, as in P). The bin
        // holding 0 is left out of the merge: zero is exact in the quantized range, and smearing a
        // ReLU output's spike at 0 over its level would push the choice toward tiny windows.
        var zero = center - start;
        var levels = 2 * quantizedBins;
        Span<double> levelTotal = stackalloc double[levels];
        Span<int> levelNonEmpty = stackalloc int[levels];
        levelTotal.Clear();
        levelNonEmpty.Clear();
        for (var i = 0; i < size; i++)
        {
            if (i == zero)
            {
                continue;
            }

            var level = (int)((long)i * levels / size);
            long inWindow = counts[start + i];
            levelTotal[level] += inWindow;
            if (p[i] != 0)
            {
                levelNonEmpty[level]++;
            }
        }

        for (var i = 0; i < size; i++)
        {
            var level = (int)((long)i * levels / size);
            q[i] = i == zero ? counts[start + i]
                : p[i] == 0 || levelNonEmpty[level] == 0 ? 0 : levelTotal[level] / levelNonEmpty[level];
        }

        return KullbackLeibler(p.AsSpan(0, size), q.AsSpan(0, size));
    }

    /// <summary>
    /// KL(P‖Q) of two count vectors. Both are smoothed first, on the counts as ORT does it: empty
    /// bins get a small count ε and the non-empty ones give up as much in total, so Q never has an
    /// empty bin where P has mass and the divergence stays finite. Then both are normalized.
    /// </summary>
    private static double KullbackLeibler(Span<double> p, Span<double> q)
    {
        if (!Smooth(p, out var pTotal) || !Smooth(q, out _))
        {
            return double.PositiveInfinity;
        }

        // Q is scaled by P's total, not its own: Q holds only the in-window counts, so the clipped
        // share stays missing from it. Renormalizing Q hid the clipping: a window that kept nothing
        // but its edge bin (all values folded in as outliers) gave P and Q the same one-hot shape,
        // divergence 0, and a tensor seen in [0.83, 1.69] was given the range [0, 0.83].
        double sum = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var pi = p[i] / pTotal;
            sum += pi * Math.Log(pi / (q[i] / pTotal));
        }

        return sum;
    }

    private static bool Smooth(Span<double> counts, out double total)
    {
        total = 0;
        var zeros = 0;
        foreach (var v in counts)
        {
            zeros += v == 0 ? 1 : 0;
        }

        var nonZeros = counts.Length - zeros;
        if (nonZeros == 0)
        {
            return false;
        }

        var taken = Epsilon * zeros / nonZeros;
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = counts[i] == 0 ? Epsilon : counts[i] - taken;
            if (counts[i] <= 0)
            {
                return false;
            }

            total += counts[i];
        }

        return true;
    }
}
