using Harness.Results;

namespace Harness.Reports;

/// <summary>
/// One variant of a model on a target, placed by its single-stream p99 and its headline accuracy,
/// and whether it is on the Pareto frontier: no other variant there is at least as fast and at
/// least as accurate, and better in one. The frontier is the set worth choosing from.
/// </summary>
public sealed record ParetoPoint(string Model, string Target, string Variant, double P99Ms, HeadlineMetric Accuracy, bool OnFrontier)
{
    /// <summary>Dollars per million inferences on this target, once priced; null otherwise.</summary>
    public double? CostPerMillionUsd { get; init; }

    /// <summary>Every variant measured both for single-stream latency and for accuracy, grouped by model and target in run order.</summary>
    public static IReadOnlyList<ParetoPoint> AllOf(IReadOnlyList<MeasurementResult> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var points = new List<ParetoPoint>();
        foreach (var group in measurements.GroupBy(m => (m.Model, m.Target)))
        {
            var placed = group.GroupBy(m => m.Variant)
                .Select(v => (
                    Variant: v.Key,
                    P99: v.FirstOrDefault(m => m.Load.Scenario == "single-stream" && m.Load.BatchSize == 1 && m.LatencyMs is not null)?.LatencyMs!.P99,
                    Accuracy: v.Select(m => m.Accuracy?.Headline).FirstOrDefault(h => h is not null)))
                .Where(p => p.P99 is not null && p.Accuracy is not null)
                .Select(p => (p.Variant, P99: p.P99!.Value, Accuracy: p.Accuracy!))
                .ToList();
            foreach (var p in placed)
            {
                var dominated = placed.Any(o => o.P99 <= p.P99 && Better(o.Accuracy, p.Accuracy) >= 0 && (o.P99 < p.P99 || Better(o.Accuracy, p.Accuracy) > 0));
                points.Add(new ParetoPoint(group.Key.Model, group.Key.Target, p.Variant, p.P99, p.Accuracy, !dominated));
            }
        }

        return points;
    }

    // Positive when a is more accurate than b, whichever way the metric points.
    private static int Better(HeadlineMetric a, HeadlineMetric b) =>
        a.HigherIsBetter ? a.Value.CompareTo(b.Value) : b.Value.CompareTo(a.Value);
}
