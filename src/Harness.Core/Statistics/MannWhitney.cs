namespace Harness.Statistics;

/// <summary>
/// The Mann–Whitney U test by its normal approximation, with the tie correction and a continuity
/// correction (as R's <c>wilcox.test(exact = FALSE, correct = TRUE)</c>): for the thousands of
/// latencies a run holds, exact tables are neither needed nor affordable. Computed in doubles
/// throughout: n·m·(n + m + 1) overflows 32-bit integers from about 1,300 samples a side.
/// </summary>
public static class MannWhitney
{
    /// <summary>One-sided p-values for "x tends to be larger than y" and "x tends to be smaller", from two sorted samples.</summary>
    public static (double Greater, double Less) PValues(ReadOnlySpan<double> xSorted, ReadOnlySpan<double> ySorted)
    {
        if (xSorted.IsEmpty || ySorted.IsEmpty)
        {
            throw new ArgumentException("both samples need at least one value");
        }

        double n = xSorted.Length, m = ySorted.Length, total = n + m;
        double rankSumX = 0, tieTerm = 0;
        int i = 0, j = 0;
        var rank = 1.0;

        // Merge the two sorted samples; a run of equal values from either side shares its mean rank.
        while (i < xSorted.Length || j < ySorted.Length)
        {
            var value = j >= ySorted.Length || (i < xSorted.Length && xSorted[i] <= ySorted[j]) ? xSorted[i] : ySorted[j];
            int fromX = 0, fromY = 0;
            while (i < xSorted.Length && xSorted[i] == value)
            {
                fromX++;
                i++;
            }

            while (j < ySorted.Length && ySorted[j] == value)
            {
                fromY++;
                j++;
            }

            double tied = fromX + fromY;
            rankSumX += fromX * (rank + ((tied - 1) / 2));
            tieTerm += (tied * tied * tied) - tied;
            rank += tied;
        }

        var u = rankSumX - (n * (n + 1) / 2);
        var mean = n * m / 2;
        var variance = n * m / 12 * (total + 1 - (tieTerm / (total * (total - 1))));
        if (variance <= 0)
        {
            return (1, 1);
        }

        var sd = Math.Sqrt(variance);
        return (UpperTail((u - mean - 0.5) / sd), UpperTail((mean - u - 0.5) / sd));
    }

    /// <summary>P(Z &gt; z) for a standard normal Z: erfc(z/√2)/2, by Numerical Recipes' Chebyshev fit of erfc (relative error below 1.2e-7).</summary>
    public static double UpperTail(double z) => Erfc(z / Math.Sqrt(2)) / 2;

    // Numerical Recipes' erfcc coefficients, highest order first (the constant term -1.26551223 stands apart).
    private static readonly double[] Coefficients = [-0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368];

    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var poly = 0.17087277;
        foreach (var c in Coefficients)
        {
            poly = c + (t * poly);
        }

        var r = t * Math.Exp(-(z * z) - 1.26551223 + (t * poly));
        return x >= 0 ? r : 2 - r;
    }
}
