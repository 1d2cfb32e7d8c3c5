namespace Harness.Measure.Statistics;

/// <summary>
/// MLPerf LoadGen's early-stopping criterion: how many queries a run needs before it may claim a
/// latency percentile at a given confidence. With h queries under the claimed latency and t over
/// it, the claim holds when the chance of seeing at most t overflows, were the true overflow rate
/// exactly 1 − p, is at most 1 − confidence: P(Binomial(h + t, 1 − p) ≤ t) ≤ 1 − c.
/// </summary>
public static class EarlyStopping
{
    public const double DefaultConfidence = 0.99;

    /// <summary>
    /// Queries a run needs to claim the p-quantile at all. As in LoadGen, the count allows one
    /// overflow query (t = 1) and adds it: 64 for p90, 662 for p99, 6636 for p99.9 at 99%.
    /// </summary>
    public static long MinimumQueries(double percentile, double confidence = DefaultConfidence) =>
        MinimumPassing(1, percentile, confidence) + 1;

    /// <summary>The smallest number h of under-latency queries that, beside t overflows, supports the claim.</summary>
    public static long MinimumPassing(long overflows, double percentile, double confidence = DefaultConfidence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(overflows);
        if (percentile is <= 0 or >= 1 || confidence is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), "percentile and confidence must be in (0, 1)");
        }

        var target = 1 - confidence;
        long high = 1;
        while (OverflowProbability(high, overflows, percentile) > target)
        {
            high *= 2;
        }

        var low = high / 2;
        while (low + 1 < high)
        {
            var middle = low + ((high - low) / 2);
            if (OverflowProbability(middle, overflows, percentile) > target)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return high;
    }

    /// <summary>
    /// Of <paramref name="count"/> queries, the most that may lie above the reported latency while
    /// the claim still holds; null when the run is too short to claim the percentile at all.
    /// The reported latency is then the (t + 1)-th largest, a conservative estimate of the quantile.
    /// </summary>
    public static long? AllowedOverflows(long count, double percentile, double confidence = DefaultConfidence)
    {
        long? allowed = null;
        for (long t = 1; t < count; t++)
        {
            if (count - t < MinimumPassing(t, percentile, confidence))
            {
                break;
            }

            allowed = t;
        }

        return allowed;
    }

    /// <summary>P(X ≤ t) for X ~ Binomial(h + t, 1 − p), summed in log space so long runs do not underflow.</summary>
    internal static double OverflowProbability(long passing, long overflows, double percentile)
    {
        var n = passing + overflows;
        var logP = Math.Log(percentile);
        var logQ = Math.Log(1 - percentile);
        var logTerm = n * logP; // x = 0: every query under the latency
        var logSum = logTerm;
        for (long x = 0; x < overflows; x++)
        {
            // C(n, x+1) q^(x+1) p^(n-x-1) from the previous term.
            logTerm += Math.Log(n - x) - Math.Log(x + 1) + logQ - logP;
            logSum = LogAdd(logSum, logTerm);
        }

        return Math.Exp(logSum);
    }

    private static double LogAdd(double a, double b) =>
        a > b ? a + double.LogP1(Math.Exp(b - a)) : b + double.LogP1(Math.Exp(a - b));
}
