using Quantile = Harness.Statistics.Quantile;

namespace Harness.Evaluate.Metrics;

/// <summary>
/// The bins a PSI was computed over: upper-inclusive cut points taken from the expected sample,
/// and each sample's fraction per bin after the epsilon floor.
/// </summary>
public sealed record PsiResult(double Value, IReadOnlyList<double> Edges, IReadOnlyList<double> ExpectedFractions, IReadOnlyList<double> ActualFractions);

/// <summary>
/// Population stability index between a reference ("expected", e.g. clean-data confidences) and a
/// new ("actual") sample of a score: PSI = Σ_b (a_b − e_b) · ln(a_b / e_b), with e_b and a_b the
/// fractions of each sample in bin b. Bins are quantile bins of the expected sample, so each holds
/// about 1/bins of it and the index is not dominated by empty tails; cut points that coincide
/// (ties, e.g. confidences saturated at 1) are merged, so there may be fewer bins than asked.
/// A fraction of 0 would make ln infinite, so fractions are floored at epsilon (1e-4 by default,
/// about one prediction in ten thousand). It is the symmetrised KL divergence of the binned
/// distributions: 0 when they match. The usual reading: below 0.1 stable, 0.1 to 0.25 moderate
/// shift, above 0.25 a shift worth acting on.
/// </summary>
public static class PopulationStabilityIndex
{
    public const int DefaultBins = 10;
    public const double DefaultEpsilon = 1e-4;

    public static double Compute(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, int bins = DefaultBins, double epsilon = DefaultEpsilon) =>
        Evaluate(expected, actual, bins, epsilon).Value;

    public static PsiResult Evaluate(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, int bins = DefaultBins, double epsilon = DefaultEpsilon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!(epsilon > 0 && epsilon < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be in (0, 1)");
        }

        Validate(expected, nameof(expected));
        Validate(actual, nameof(actual));
        var sorted = expected.ToArray();
        Array.Sort(sorted);
        var edges = QuantileEdges(sorted, bins);
        var e = Fractions(expected, edges, epsilon);
        var a = Fractions(actual, edges, epsilon);
        double psi = 0;
        for (var b = 0; b < e.Length; b++)
        {
            psi += (a[b] - e[b]) * Math.Log(a[b] / e[b]);
        }

        return new PsiResult(psi, edges, e, a);
    }

    /// <summary>Cut points at the expected sample's k/bins quantiles, k = 1..bins−1, duplicates merged.</summary>
    private static double[] QuantileEdges(double[] sorted, int bins)
    {
        var edges = new List<double>(bins - 1);
        for (var k = 1; k < bins; k++)
        {
            var q = Quantile.OfSorted(sorted, (double)k / bins);
            if (edges.Count == 0 || q > edges[^1])
            {
                edges.Add(q);
            }
        }

        return [.. edges];
    }

    /// <summary>Fraction of <paramref name="values"/> per bin (−∞, e₁], (e₁, e₂], …, (e_last, ∞), floored at epsilon.</summary>
    private static double[] Fractions(ReadOnlySpan<double> values, double[] edges, double epsilon)
    {
        var counts = new double[edges.Length + 1];
        foreach (var v in values)
        {
            // v's bin is the index of the first edge ≥ v. Edges are strictly increasing, so an exact
            // hit is that edge; otherwise BinarySearch returns the complement of the next one.
            var index = Array.BinarySearch(edges, v);
            counts[index >= 0 ? index : ~index]++;
        }

        for (var b = 0; b < counts.Length; b++)
        {
            counts[b] = Math.Max(counts[b] / values.Length, epsilon);
        }

        return counts;
    }

    private static void Validate(ReadOnlySpan<double> values, string name)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("PSI needs a non-empty sample", name);
        }

        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                throw new ArgumentException("PSI sample contains NaN", name);
            }
        }
    }
}
