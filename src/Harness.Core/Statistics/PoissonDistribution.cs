namespace Harness.Statistics;

/// <summary>
/// The Poisson distribution's central interval: the counts a Poisson process with a given mean
/// may produce in one window before the count itself is evidence against it.
/// </summary>
public static class PoissonDistribution
{
    /// <summary>
    /// The counts [Low, High] outside which a Poisson(<paramref name="mean"/>) count falls with
    /// probability at most <paramref name="alpha"/>, split evenly between the two tails:
    /// P(X &lt; Low) ≤ α/2 and P(X &gt; High) ≤ α/2.
    /// </summary>
    public static (long Low, long High) CentralInterval(double mean, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mean);
        if (alpha is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in (0, 1)");
        }

        if (mean == 0)
        {
            return (0, 0);
        }

        // Walk the cumulative distribution up from 0, term by term in log space, so means of tens
        // of thousands (a no-op target at high rates) neither underflow nor lose the tails.
        var lowTail = Math.Log(alpha / 2);
        var highTail = double.LogP1(-alpha / 2);
        var logMean = Math.Log(mean);
        var logTerm = -mean;
        var logCdf = logTerm;
        long low = -1;
        for (long k = 0; ; k++)
        {
            if (k > 0)
            {
                logTerm += logMean - Math.Log(k);
                logCdf = LogAdd(logCdf, logTerm);
            }

            // The first k whose CDF exceeds α/2: every count below it together has P ≤ α/2.
            if (low < 0 && logCdf > lowTail)
            {
                low = k;
            }

            if (logCdf >= highTail)
            {
                return (low, k);
            }
        }
    }

    private static double LogAdd(double a, double b) =>
        a > b ? a + double.LogP1(Math.Exp(b - a)) : b + double.LogP1(Math.Exp(a - b));
}
