namespace Harness.Reports;

/// <summary>
/// The variant to pick for each objective, among those not rejected and not failed (the reference
/// included): the fastest single-stream p50, the smallest file, the best headline accuracy. A tie
/// goes to the earlier row, so the reference wins when nothing beats it. Null where nothing was measured.
/// </summary>
public sealed record BestVariants(string? Fastest, string? Smallest, string? MostAccurate)
{
    public static BestVariants Among(IReadOnlyList<VariantRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var candidates = rows.Where(r => !r.Verdict.Rejected && r.Verdict.Failure is null).ToList();
        return new BestVariants(
            Lowest(candidates, r => r.P50Ms),
            Lowest(candidates, r => r.SizeBytes),
            Lowest(candidates, r => r.Accuracy is { } a ? (a.HigherIsBetter ? -a.Value : a.Value) : null));
    }

    private static string? Lowest(IEnumerable<VariantRow> rows, Func<VariantRow, double?> value)
    {
        VariantRow? best = null;
        double bestValue = double.PositiveInfinity;
        foreach (var row in rows)
        {
            if (value(row) is { } v && !double.IsNaN(v) && (best is null || v < bestValue))
            {
                (best, bestValue) = (row, v);
            }
        }

        return best?.Variant;
    }
}
