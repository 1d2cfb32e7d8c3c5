using Harness.Plan;
using Harness.Results;

namespace Harness.Reports;

/// <summary>
/// One model on one target: each of its variants against the reference (the file as given), and
/// the best variant for each objective. A variant that failed, is slower or was rejected for accuracy
/// or fidelity is kept in <see cref="Rows"/> with a verdict that says so; none is left out.
/// </summary>
public sealed record VariantComparison(string Model, string Target, IReadOnlyList<VariantRow> Rows, BestVariants Best)
{
    /// <summary>The variant the others are compared with.</summary>
    public const string Reference = JobPlanner.ReferenceVariant;

    /// <summary>One comparison per model and target that has a variant besides the reference (made or failed), in run order.</summary>
    public static IReadOnlyList<VariantComparison> AllOf(IReadOnlyList<MeasurementResult> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        return
        [
            .. measurements
                .GroupBy(m => (m.Model, m.Target))
                .Where(g => g.Any(m => m.Variant != Reference))
                .Select(g => Of(g.Key.Model, g.Key.Target, [.. g])),
        ];
    }

    private static VariantComparison Of(string model, string target, IReadOnlyList<MeasurementResult> measurements)
    {
        var reference = VariantFigures.Of(measurements.Where(m => m.Variant == Reference));
        var sourceBytes = measurements.Select(m => m.VariantInfo).FirstOrDefault(i => i is not null)?.SourceSizeBytes;
        var rows = measurements.GroupBy(m => m.Variant)
            .Select(v => v.Key == Reference ? VariantRow.ForReference(reference, sourceBytes) : VariantRow.Against(v.Key, VariantFigures.Of(v), reference))
            .ToList();
        return new VariantComparison(model, target, rows, BestVariants.Among(rows));
    }
}
