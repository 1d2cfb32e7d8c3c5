namespace Harness.Evaluate.Metrics;

/// <summary>Two-sample Kolmogorov–Smirnov statistic D = sup |F₁ − F₂| and its asymptotic p-value.</summary>
public sealed record KolmogorovSmirnovResult(double Statistic, double PValue, int FirstCount, int SecondCount);

/// <summary>
/// Two-sample Kolmogorov–Smirnov test: do two samples of a score (clean vs shifted confidences)
/// come from one distribution? D is exact, ties included. The p-value is asymptotic: Kolmogorov's
/// limiting distribution Q(λ) at λ = (√nₑ + 0.12 + 0.11/√nₑ)·D, nₑ = n₁n₂/(n₁+n₂), Stephens'
/// small-sample correction as in Numerical Recipes. It is good from a few dozen per sample, and
/// conservative with heavy ties (discrete scores), where D moves in coarse steps.
/// </summary>
public static class KolmogorovSmirnov
{
    public static KolmogorovSmirnovResult Test(ReadOnlySpan<double> first, ReadOnlySpan<double> second)
    {
        var d = Statistic(first, second);
        var effective = (double)first.Length * second.Length / (first.Length + second.Length);
        var root = Math.Sqrt(effective);
        var p = SurvivalFunction((root + 0.12 + (0.11 / root)) * d);
        return new KolmogorovSmirnovResult(d, p, first.Length, second.Length);
    }

    /// <summary>D = max over x of |F₁(x) − F₂(x)|, the largest gap between the empirical CDFs.</summary>
    public static double Statistic(ReadOnlySpan<double> first, ReadOnlySpan<double> second)
    {
        var a = SortedCopy(first, nameof(first));
        var b = SortedCopy(second, nameof(second));
        int i = 0, j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            // Step both CDFs past every copy of the next value before comparing, so a value present
            // in both samples is never counted as a gap.
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }

            while (j < b.Length && b[j] <= x)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / a.Length) - ((double)j / b.Length)));
        }

        // Once one sample is used up its CDF is 1 and the gap can only shrink, so D is final.
        return d;
    }

    /// <summary>
    /// Kolmogorov's Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}, P(D·√n > λ) in the limit. For small λ
    /// that series converges slowly, so below 1.18 the equivalent theta-function form
    /// 1 − (√(2π)/λ) Σ e^{−(2k−1)²π²/(8λ²)} is used instead; four terms of either give double precision.
    /// </summary>
    public static double SurvivalFunction(double lambda)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lambda);
        if (lambda == 0)
        {
            return 1;
        }

        if (lambda < 1.18)
        {
            var y = Math.Exp(-Math.PI * Math.PI / (8 * lambda * lambda));
            var cdf = Math.Sqrt(2 * Math.PI) / lambda * (y + Math.Pow(y, 9) + Math.Pow(y, 25) + Math.Pow(y, 49));
            return Math.Clamp(1 - cdf, 0, 1);
        }

        var x = Math.Exp(-2 * lambda * lambda);
        return Math.Clamp(2 * (x - Math.Pow(x, 4) + Math.Pow(x, 9)), 0, 1);
    }

    private static double[] SortedCopy(ReadOnlySpan<double> values, string name)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("the KS test needs a non-empty sample", name);
        }

        var copy = values.ToArray();
        foreach (var v in copy)
        {
            if (double.IsNaN(v))
            {
                throw new ArgumentException("KS sample contains NaN", name);
            }
        }

        Array.Sort(copy);
        return copy;
    }
}
