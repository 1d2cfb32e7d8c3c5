using Harness.Results;

namespace Harness.Reports;

/// <summary>What the measurements of one variant on one target say, taken once.</summary>
/// <param name="Fidelity">The first output compared with the reference.</param>
/// <param name="FidelityRejected">Why the fidelity bound rejects the variant, from the first output it rejects.</param>
/// <param name="Failure">Why the variant has no figures at all: every one of its jobs failed (it could not be prepared, say).</param>
internal sealed record VariantFigures(VariantInfo? Made, double? P50, AccuracyInfo? Accuracy, FidelityInfo? Fidelity, string? FidelityRejected, string? Failure)
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
            list.SelectMany(m => m.Fidelity ?? []).FirstOrDefault(),
            list.SelectMany(m => m.Fidelity ?? []).Select(f => f.RejectedReason).FirstOrDefault(r => r is not null),
            list.Count > 0 && list.All(m => m.Status == MeasurementStatus.Failed) ? list[0].Error ?? "no result" : null);
    }
}
