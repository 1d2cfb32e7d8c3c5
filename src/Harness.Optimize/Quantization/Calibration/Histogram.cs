using System.Numerics.Tensors;

namespace Harness.Optimize.Quantization.Calibration;

/// <summary>
/// A fixed number of equal bins over [-Limit, Limit) (signed) or [0, Limit) (of |x|) that grows by
/// doubling: when a batch exceeds the limit, neighbouring bins merge in pairs and the limit doubles,
/// so earlier counts are kept exactly and one pass over the data suffices. The first batch sets the
/// initial limit, which keeps the bins as fine as the data allows (at most 2× coarser than a
/// histogram over the final range).
/// </summary>
public sealed class Histogram
{
    private readonly long[] counts;

    public Histogram(int bins, bool absolute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 4);
        if (bins % 4 != 0)
        {
            throw new ArgumentException("The bin count must be a multiple of 4, so that doubling merges whole pairs on both sides of zero.", nameof(bins));
        }

        counts = new long[bins];
        Absolute = absolute;
    }

    public bool Absolute { get; }

    /// <summary>The upper end of the covered range; 0 until a non-zero value has been seen.</summary>
    public double Limit { get; private set; }

    public ReadOnlySpan<long> Counts => counts;

    public long Total { get; private set; }

    public float Min { get; private set; } = float.PositiveInfinity;

    public float Max { get; private set; } = float.NegativeInfinity;

    public int BinCount => counts.Length;

    /// <summary>Width of one bin.</summary>
    public double BinWidth => (Absolute ? Limit : 2 * Limit) / counts.Length;

    /// <summary>The value at the lower edge of bin <paramref name="index"/> (index = BinCount gives the upper end).</summary>
    public double Edge(int index) => (Absolute ? 0 : -Limit) + (index * BinWidth);

    public void Add(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        var min = TensorPrimitives.Min(values);
        var max = TensorPrimitives.Max(values);
        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
        var absMax = Math.Max(Math.Abs((double)min), Math.Abs((double)max));
        if (Limit == 0)
        {
            // Stays 0 while every value is 0; those counts sit in the bin that starts at 0.
            Limit = absMax;
        }

        while (Limit > 0 && absMax > Limit)
        {
            Double();
        }

        var bins = counts.Length;
        var scale = bins / (Absolute ? Limit : 2 * Limit);
        var offset = Absolute ? 0 : Limit;
        foreach (var v in values)
        {
            var x = Absolute ? Math.Abs((double)v) : v;
            var index = Limit == 0 ? (Absolute ? 0 : bins / 2) : (int)((x + offset) * scale);
            counts[Math.Clamp(index, 0, bins - 1)]++;
        }

        Total += values.Length;
    }

    private void Double()
    {
        var bins = counts.Length;
        var merged = new long[bins];
        if (Absolute)
        {
            for (var j = 0; j < bins / 2; j++)
            {
                merged[j] = counts[2 * j] + counts[(2 * j) + 1];
            }
        }
        else
        {
            // Old bins cover [-L, L); after doubling that is the middle half of [-2L, 2L).
            for (var m = 0; m < bins / 2; m++)
            {
                merged[(bins / 4) + m] = counts[2 * m] + counts[(2 * m) + 1];
            }
        }

        merged.CopyTo(counts, 0);
        Limit *= 2;
    }
}
