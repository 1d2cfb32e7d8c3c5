namespace Harness.Statistics;

/// <summary>
/// Mann and Kendall's test for a monotonic trend in a short series, with the exact null
/// distribution: if the values are exchangeable (no trend), every ordering is equally likely, so
/// the statistic S = Σ_{i&lt;j} sign(x_j − x_i) has the distribution of n(n−1)/2 − 2·inversions over
/// the n! permutations (Mahonian numbers). Distribution-free: no normality of the values assumed.
/// </summary>
public static class MannKendall
{
    /// <summary>The longest series the exact distribution is computed for (12! fits a long comfortably).</summary>
    public const int MaxLength = 12;

    /// <summary>S: concordant minus discordant pairs; ties count zero.</summary>
    public static int Statistic(ReadOnlySpan<double> series)
    {
        var s = 0;
        for (var i = 0; i < series.Length; i++)
        {
            for (var j = i + 1; j < series.Length; j++)
            {
                s += Math.Sign(series[j] - series[i]);
            }
        }

        return s;
    }

    /// <summary>
    /// One-sided p-value for an upward trend: P(S ≥ observed) when there is none. Ties make the
    /// observed S smaller, so the value is conservative with them.
    /// </summary>
    public static double UpwardTrendPValue(ReadOnlySpan<double> series)
    {
        var n = series.Length;
        if (n is < 2 or > MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(series), n, $"the exact test takes 2 to {MaxLength} values");
        }

        var pairs = n * (n - 1) / 2;
        // S ≥ s exactly when inversions ≤ (pairs − s) / 2.
        var maxInversions = (pairs - Statistic(series)) / 2;
        var counts = InversionCounts(n);
        long atMost = 0, total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            total += counts[i];
            if (i <= maxInversions)
            {
                atMost += counts[i];
            }
        }

        return atMost / (double)total;
    }

    /// <summary>How many permutations of n items have each number of inversions (a row of Mahonian numbers).</summary>
    internal static long[] InversionCounts(int n)
    {
        long[] row = [1];
        for (var m = 2; m <= n; m++)
        {
            // Inserting the m-th item adds 0 to m − 1 inversions.
            var next = new long[row.Length + m - 1];
            for (var i = 0; i < row.Length; i++)
            {
                for (var j = 0; j < m; j++)
                {
                    next[i + j] += row[i];
                }
            }

            row = next;
        }

        return row;
    }
}
