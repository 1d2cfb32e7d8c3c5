using System.Diagnostics;
using System.Globalization;
using Harness.Measure.Clock;
using Harness.Measure.Loads;
using Harness.Measure.Stopping;
using Harness.Plan;
using Harness.Results;
using Quantile = Harness.Statistics.Quantile;

namespace Harness.Measure.Statistics;

/// <summary>A load run's figures and the verdict on whether they can be trusted.</summary>
public sealed record RunAnalysis(
    LatencySummary Latency,
    LatencyBreakdown Breakdown,
    ThroughputInfo Throughput,
    ValidityInfo Validity,
    SloInfo? Slo,
    double AchievedQps,
    double MeanBatchSize);

/// <summary>
/// Judges a load run: minimum duration and query count, enough queries for the percentile claimed
/// (LoadGen's early stopping), stability (<see cref="OpenLoopStability"/> for a load with a target
/// rate, <see cref="ClosedLoopStability"/> otherwise), and the load generator's own lateness.
/// Each failed check adds a reason; a run with reasons is invalid.
/// </summary>
public static class RunAnalyzer
{
    private static readonly long LateTicks = Duration.FromMilliseconds(1).Ticks;

    /// <param name="percentile">The latency percentile the load claims, or null when it claims none (offline reports throughput).</param>
    public static RunAnalysis Analyze(LoadRun run, double? percentile, TimeSpan? slo, RunRules rules)
    {
        var log = run.Log;
        var n = log.Count;
        if (n == 0)
        {
            throw new InvalidOperationException("the run answered no queries; nothing to analyse");
        }

        var total = new double[n];
        var queue = new double[n];
        var compute = new double[n];
        long first = long.MaxValue, last = long.MinValue, late = 0;
        for (var i = 0; i < n; i++)
        {
            total[i] = Duration.Between(log.Scheduled[i], log.Completed[i]).Milliseconds;
            queue[i] = Duration.Between(log.Scheduled[i], log.Started[i]).Milliseconds;
            compute[i] = Duration.Between(log.Started[i], log.Completed[i]).Milliseconds;
            first = Math.Min(first, log.Scheduled[i]);
            last = Math.Max(last, log.Completed[i]);
            if (log.Lag[i] > LateTicks)
            {
                late++;
            }
        }

        var seconds = new Duration(run.WallTicks ?? (last - first)).Seconds;
        var qps = n / seconds;
        var elapsed = TimeSpan.FromSeconds(seconds);
        var reasons = StoppingRules.Violations(new RunEvidence(run, elapsed, percentile, rules, first, last, late));
        long? needed = EarlyStoppingRule.QueriesNeeded(percentile);

        var latency = LatencyStatistics.Summarize(total);
        SloInfo? sloInfo = null;
        if (slo is { } bound && percentile is { } sloPercentile)
        {
            // Unanswered queries count as slower than any answered one: they cannot flatter the percentile.
            var (observed, unbounded) = run.Unfinished == 0
                ? (Quantile.OfSorted(total.Order().ToArray(), sloPercentile), false)
                : ObservedWithUnfinished(total, run.Unfinished, sloPercentile);
            sloInfo = new SloInfo(bound.TotalMilliseconds, sloPercentile, observed, !unbounded && observed <= bound.TotalMilliseconds);
        }

        var samples = n * (double)run.SamplesPerQuery;
        return new RunAnalysis(
            latency,
            new LatencyBreakdown(LatencyStatistics.Summarize(queue), LatencyStatistics.Summarize(compute)),
            new ThroughputInfo(qps, samples / seconds),
            new ValidityInfo(reasons.Count == 0, reasons, needed),
            sloInfo,
            qps,
            run.Batches == 0 ? 0 : samples / run.Batches);
    }

    /// <summary>
    /// The percentile over answered and unanswered queries together. When it falls among the
    /// unanswered, the latency is unbounded: report the worst answered one as a lower bound.
    /// </summary>
    private static (double Observed, bool Unbounded) ObservedWithUnfinished(double[] answered, int unfinished, double percentile)
    {
        var sorted = answered.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile * (answered.Length + unfinished)) - 1;
        return rank < sorted.Length ? (sorted[Math.Max(rank, 0)], false) : (sorted[^1], true);
    }
}
