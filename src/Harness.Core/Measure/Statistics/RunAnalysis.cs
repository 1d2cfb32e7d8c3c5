using System.Diagnostics;
using System.Globalization;
using Harness.Measure.Loads;
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
    private static readonly long LateTicks = Stopwatch.Frequency / 1000; // 1 ms

    /// <param name="percentile">The latency percentile the load claims, or null when it claims none (offline reports throughput).</param>
    public static RunAnalysis Analyze(LoadRun run, double? percentile, TimeSpan? slo, RunRules rules)
    {
        var log = run.Log;
        var n = log.Count;
        if (n == 0)
        {
            throw new InvalidOperationException("the run answered no queries; nothing to analyse");
        }

        var toMs = 1000.0 / Stopwatch.Frequency;
        var total = new double[n];
        var queue = new double[n];
        var compute = new double[n];
        long first = long.MaxValue, last = long.MinValue, late = 0;
        for (var i = 0; i < n; i++)
        {
            total[i] = (log.Completed[i] - log.Scheduled[i]) * toMs;
            queue[i] = (log.Started[i] - log.Scheduled[i]) * toMs;
            compute[i] = (log.Completed[i] - log.Started[i]) * toMs;
            first = Math.Min(first, log.Scheduled[i]);
            last = Math.Max(last, log.Completed[i]);
            if (log.Lag[i] > LateTicks)
            {
                late++;
            }
        }

        var seconds = (run.WallTicks ?? (last - first)) / (double)Stopwatch.Frequency;
        var qps = n / seconds;
        var reasons = new List<string>();
        var elapsed = TimeSpan.FromSeconds(seconds);
        var limit = run.HitLimit ? $" (stopped at max_duration {Quantities.FormatDuration(rules.MaxDuration)} or max_queries {rules.MaxQueries})" : string.Empty;
        if (n < rules.MinQueries)
        {
            reasons.Add($"ran {n} queries, fewer than min_queries {rules.MinQueries}{limit}");
        }

        if (elapsed < rules.MinDuration)
        {
            reasons.Add($"ran {Quantities.FormatDuration(elapsed)}, shorter than min_duration {Quantities.FormatDuration(rules.MinDuration)}{limit}");
        }

        long? needed = percentile is { } claimed ? EarlyStopping.MinimumQueries(claimed) : null;
        if (n < needed)
        {
            reasons.Add($"{n} queries cannot support a {Percent(percentile!.Value)} claim at 99% confidence; at least {needed} are needed");
        }

        if (run.Unfinished > 0)
        {
            reasons.Add($"{run.Unfinished} queries were still waiting when max_duration ran out: the system fell behind the load");
        }

        if ((double)late / n > rules.MaxLateFraction)
        {
            reasons.Add($"{(double)late / n:P1} of queries were issued over 1 ms late (limit {rules.MaxLateFraction:P0}): the load generator, not the model, was measured");
        }

        // Open loops (a target rate) are steady when their queue stays bounded; closed loops when
        // their last windows agree (perf_analyzer's rule).
        var instability = run.TargetQps is { } rate
            ? OpenLoopStability.Judge(log, rate, Stopwatch.Frequency)
            : ClosedLoopStability.Judge(log, rules.StabilityTolerance, Stopwatch.Frequency);
        if (instability is not null)
        {
            reasons.Add(instability);
        }

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

    private static string Percent(double percentile) => "p" + (percentile * 100).ToString("0.###", CultureInfo.InvariantCulture);
}
