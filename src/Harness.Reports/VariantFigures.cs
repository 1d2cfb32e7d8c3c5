using Harness.Results;

namespace Harness.Reports;

/// <summary>What the measurements of one variant on one target say, taken once.</summary>
internal sealed record VariantFigures(VariantInfo? Made, double? P50, AccuracyInfo? Accuracy, FidelityInfo? Fidelity)
{
    public static VariantFigures Of(IEnumerable<MeasurementResult> measurements)
    {
        var list = measurements.ToList();
        var singleStream = list.FirstOrDefault(m => m.Load.Scenario == "single-stream" && m.Load.BatchSize == 1 && m.LatencyMs is not null);
        var made = list.Select(m => m.VariantInfo).FirstOrDefault(i => i is not null);
        return new VariantFigures(
            made,
            singleStream?.LatencyMs?.P50,
            list.Select(m => m.Accuracy).FirstOrDefault(a => a is not null),
            list.SelectMany(m => m.Fidelity ?? []).FirstOrDefault());
    }
}
