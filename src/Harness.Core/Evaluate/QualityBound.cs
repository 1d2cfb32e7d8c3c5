using System.Globalization;
using Harness.Evaluate.Metrics;
using Harness.Results;

namespace Harness.Evaluate;

/// <summary>
/// Rejects variants whose headline quality dropped past the scenario's bound against the
/// reference variant of the same model on the same target. A rejected variant stays in the
/// results, marked and explained: a faster model that reads worse is still worth seeing.
/// </summary>
public static class QualityBound
{
    /// <param name="maxDrop">The largest allowed drop, per model name, as a fraction of the headline (0.01 = 1 point).</param>
    public static IReadOnlyList<MeasurementResult> Apply(IReadOnlyList<MeasurementResult> measurements, string referenceVariant, IReadOnlyDictionary<string, double> maxDrop)
    {
        var references = measurements
            .Where(m => m.Accuracy is not null && m.Variant == referenceVariant)
            .ToDictionary(m => (m.Model, m.Target), m => m.Accuracy!);
        return measurements.Select(m =>
        {
            if (m.Accuracy is not { } accuracy || m.Variant == referenceVariant || !maxDrop.TryGetValue(m.Model, out var bound)
                || !references.TryGetValue((m.Model, m.Target), out var reference) || reference.Headline.Metric != accuracy.Headline.Metric)
            {
                return m;
            }

            var h = accuracy.Headline;
            var direction = h.HigherIsBetter ? MetricDirection.HigherIsBetter : MetricDirection.LowerIsBetter;
            var drop = AccuracyDrop.Between(h.Metric, direction, reference.Headline.Value, h.Value).Absolute;
            if (drop <= bound)
            {
                return m;
            }

            var reason = string.Create(
                CultureInfo.InvariantCulture,
                $"{h.Metric} is {Points(drop)} points worse than {referenceVariant} ({reference.Headline.Value:0.000} → {h.Value:0.000}, 95% interval [{h.Lower:0.000}, {h.Upper:0.000}]); the bound is {Points(bound)} points");
            return m with { Accuracy = accuracy with { Rejected = true, RejectedReason = reason } };
        }).ToList();
    }

    private static string Points(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture);
}
