using System.Globalization;
using Spectre.Console;

namespace Harness.Reports.Writers;

/// <summary>A report table as plain cell text, for the file formats that draw tables (Markdown, HTML).</summary>
/// <param name="LeftColumns">How many leading columns hold words (left-aligned); the rest hold figures.</param>
internal sealed record TextTable(string Title, IReadOnlyList<string> Columns, int LeftColumns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The speed, accuracy and variant tables with the console tables' own cell text, so every format
/// shows the same figures the same way; a table with no rows is left out.
/// </summary>
internal static class ReportTables
{
    public static IEnumerable<TextTable> Of(RunReport report)
    {
        if (report.Speed.Count > 0)
        {
            yield return new TextTable(
                "Speed",
                ["model", "variant", "target", "load", "status", "p50 ms", "p90 ms", "p99 ms", "queries/s", "samples/s", "cold ms", "RSS MiB", "GFLOP/s", "roofline"],
                5,
                [
                    .. report.Speed.Select(r => new[]
                    {
                        r.Model, r.Variant, r.Target, r.Load, r.Status,
                        ConsoleSpeedTable.Figure(r.P50Ms), ConsoleSpeedTable.Figure(r.P90Ms), ConsoleSpeedTable.Figure(r.P99Ms),
                        ConsoleSpeedTable.Figure(r.QueriesPerSec), ConsoleSpeedTable.Figure(r.SamplesPerSec),
                        ConsoleSpeedTable.Figure(r.ColdStartMs), ConsoleSpeedTable.Figure(r.PeakRssMiB),
                        ConsoleSpeedTable.Figure(r.AchievedGflops), ConsoleSpeedTable.Share(r.RooflineShare),
                    }),
                ]);
        }

        if (report.Accuracy.Count > 0)
        {
            yield return new TextTable(
                "Accuracy",
                ["model", "variant", "target", "dataset", "headline (95% interval)", "other metrics", "worst slice", "samples", "samples/s"],
                7,
                [
                    .. report.Accuracy.Select(a => new[]
                    {
                        a.Model, a.Variant, a.Target, a.Dataset,
                        ConsoleAccuracyTable.Headline(a.Headline) + (a.Rejected ? " rejected" : string.Empty),
                        string.Join(", ", a.OtherMetrics.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:0.000}"))),
                        ConsoleAccuracyTable.Slice(a.WorstSlice),
                        a.Scored.ToString(CultureInfo.InvariantCulture) + (a.FailedSamples > 0 ? $" ({a.FailedSamples} failed)" : string.Empty),
                        a.SamplesPerSec.ToString("0.0", CultureInfo.InvariantCulture),
                    }),
                ]);
        }

        if (report.Variants.Count > 0)
        {
            yield return new TextTable(
                $"Variants against {VariantComparison.Reference}",
                ["model", "variant", "target", "size", "rewritten", "single-stream p50", "accuracy (drop, points)", $"fidelity to {VariantComparison.Reference}", "verdict"],
                int.MaxValue,
                [
                    .. report.Variants.SelectMany(c => c.Rows.Select(row => new[]
                    {
                        c.Model, row.Variant, c.Target,
                        ConsoleVariantTable.Size(row),
                        row.Made is null ? "-" : row.Made.Transformed.ToString(CultureInfo.InvariantCulture),
                        ConsoleVariantTable.Speed(row), ConsoleVariantTable.Accuracy(row), ConsoleVariantTable.Fidelity(row),
                        Markup.Remove(ConsoleVariantTable.Verdict(row.Verdict)),
                    })),
                ]);
        }
    }

    /// <summary>The summary's lines: the best variant per objective for each comparison, then how many measurements did not pass.</summary>
    public static IEnumerable<string> Summary(RunReport report)
    {
        foreach (var comparison in report.Variants)
        {
            var best = comparison.Best;
            yield return $"Best for {comparison.Model} on {comparison.Target}: fastest {Pick(best.Fastest)}, smallest {Pick(best.Smallest)}, most accurate {Pick(best.MostAccurate)}.";
        }

        var warnings = report.Warnings.Count();
        yield return warnings == 0
            ? "Every measurement ran, is valid and passed its checks."
            : string.Create(CultureInfo.InvariantCulture, $"{warnings} of {report.Gates.Count} measurements did not pass:");
    }

    private static string Pick(string? variant) => variant ?? "(not measured)";
}
