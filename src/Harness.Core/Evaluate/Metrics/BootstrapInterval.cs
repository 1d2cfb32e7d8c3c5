namespace Harness.Evaluate.Metrics;

/// <summary>
/// A metric's value on the full data with a percentile-bootstrap confidence interval, and what is
/// needed to reproduce it: the number of resamples and the seed.
/// </summary>
public sealed record BootstrapInterval(
    string Metric,
    double Estimate,
    double Lower,
    double Upper,
    double Confidence,
    int Resamples,
    int Seed)
{
    public bool Contains(double value) => value >= Lower && value <= Upper;
}
