using Harness.Statistics;

namespace Harness.Reports.Gate;

/// <summary>
/// How far a percentile moves between whole runs of the same build. A bootstrap interval speaks
/// only of the noise within one run; on a shared machine whole runs shift (another job, the
/// second core taken away), and a current run that moved no further than the baseline's own runs
/// do by chance has not been shown to have changed. From a baseline of k ≥ 2 runs, each with
/// enough samples to claim the percentile: the standard deviation s of the runs' log-percentiles
/// gives a one-sided 97.5% prediction bound for one more run, t(0.975, k−1)·s·√(1 + 1/k), so a
/// run of the unchanged build passes it by chance at most one time in 40 (when run shifts are
/// log-normal; Student's t accounts for s being estimated from few runs).
/// </summary>
public static class RunToRunNoise
{
    /// <summary>The bound as a fraction of the percentile (0.04: a run of the same build lies within 4% but one time in 40); null when it cannot be told.</summary>
    public static double? Bound(IReadOnlyList<double[]> runs, double percentile, long samplesNeeded)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var k = runs.Count;
        if (k < 2 || runs.Any(r => r.Length < Math.Max(samplesNeeded, 1)))
        {
            return null;
        }

        var logs = runs.Select(r => Quantile.OfSorted(r.Order().ToArray(), percentile)).Select(v => v > 0 ? Math.Log(v) : double.NaN).ToArray();
        if (logs.Any(double.IsNaN))
        {
            return null;
        }

        var mean = logs.Average();
        var s = Math.Sqrt(logs.Sum(x => (x - mean) * (x - mean)) / (k - 1));
        var t = StudentT.Quantile(0.975, k - 1);
        return Math.Exp(t * s * Math.Sqrt(1 + (1.0 / k))) - 1;
    }
}
