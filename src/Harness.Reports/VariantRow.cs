using Harness.Evaluate.Metrics;
using Harness.Results;

namespace Harness.Reports;

/// <summary>A variant's figures against the reference's.</summary>
/// <param name="Made">How the variant was made (size, nodes rewritten); null for the reference.</param>
/// <param name="SizeBytes">The variant's file size; the reference's is its siblings' source size.</param>
/// <param name="P50Ms">Single-stream, batch 1, median latency.</param>
/// <param name="SpeedUp">The reference's p50 over this one's (2.0 is twice as fast); null for the reference or when either is missing.</param>
/// <param name="Drop">How much worse the headline is than the reference's, as a fraction, positive is worse (<see cref="AccuracyDrop"/>).</param>
/// <param name="Fidelity">Agreement with the reference's outputs on the same inputs (the first output compared).</param>
/// <param name="Verdict">Failed, rejected, slower, no faster or kept; a failed variant has no size, speed or quality.</param>
public sealed record VariantRow(
    string Variant,
    VariantInfo? Made,
    long? SizeBytes,
    double? P50Ms,
    double? SpeedUp,
    HeadlineMetric? Accuracy,
    double? Drop,
    FidelityInfo? Fidelity,
    VariantVerdict Verdict)
{
    /// <summary>
    /// Within this share of the reference's p50 a variant is "no faster": single-stream medians of
    /// one short run move that much between runs of the same model.
    /// </summary>
    public const double NoFasterBand = 0.05;

    /// <summary>A distilled student's top-1 against its hard-label twin's, with a paired interval; null for other variants.</summary>
    public TwinComparison? VersusTwin { get; init; }

    /// <param name="sourceBytes">The model file's size, as the variants made from it recorded it.</param>
    internal static VariantRow ForReference(VariantFigures reference, long? sourceBytes) =>
        new(VariantComparison.Reference, null, sourceBytes, reference.P50, null, reference.Accuracy?.Headline, null, reference.Fidelity, VariantVerdict.Reference);

    internal static VariantRow Against(string variant, VariantFigures row, VariantFigures reference)
    {
        double? speedUp = row.P50 is { } p50 && p50 > 0 && reference.P50 is { } fp32 ? fp32 / p50 : null;
        double? drop = row.Accuracy is { } a && reference.Accuracy is { } r && a.Headline.Metric == r.Headline.Metric
            ? AccuracyDrop.Between(a.Headline.Metric, a.Headline.HigherIsBetter ? MetricDirection.HigherIsBetter : MetricDirection.LowerIsBetter, r.Headline.Value, a.Headline.Value).Absolute
            : null;
        return new VariantRow(variant, row.Made, row.Made?.SizeBytes, row.P50, speedUp, row.Accuracy?.Headline, drop, row.Fidelity, Judge(row, reference))
        {
            VersusTwin = row.Accuracy?.VersusTwin,
        };
    }

    private static VariantVerdict Judge(VariantFigures row, VariantFigures reference)
    {
        var rejected = row.Accuracy is { Rejected: true };
        if (row.P50 is not { } p50 || reference.P50 is not { } fp32)
        {
            return new VariantVerdict(false, rejected, SpeedVerdict.Unmeasured, null) { Failure = row.Failure, RejectedForFidelity = row.FidelityRejected };
        }

        var speed = p50 > (1 + NoFasterBand) * fp32 ? SpeedVerdict.Slower
            : p50 > (1 - NoFasterBand) * fp32 ? SpeedVerdict.NoFaster
            : SpeedVerdict.Faster;
        return new VariantVerdict(false, rejected, speed, p50 / fp32) { Failure = row.Failure, RejectedForFidelity = row.FidelityRejected };
    }
}
