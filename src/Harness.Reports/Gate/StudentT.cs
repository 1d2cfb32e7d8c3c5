using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace Harness.Reports.Gate;

/// <summary>Student's t quantiles (Perfolizer's distribution), for intervals from a handful of runs.</summary>
internal static class StudentT
{
    /// <summary>The <paramref name="probability"/> quantile of Student's t with <paramref name="degreesOfFreedom"/>.</summary>
    public static double Quantile(double probability, int degreesOfFreedom) =>
        new StudentDistribution(degreesOfFreedom).Quantile(probability);
}
