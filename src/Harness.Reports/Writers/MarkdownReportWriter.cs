using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Harness.Reports.Writers;

/// <summary>
/// <c>report.md</c>: the summary first (best variant per objective, then the measurements that did
/// not pass, in plain words), then the speed, accuracy and variant tables as GitHub tables, fit for
/// a CI step summary or a pull-request comment. The figures are the console tables' own text.
/// </summary>
public sealed class MarkdownReportWriter : IReportWriter
{
    public const string File = "report.md";

    public string Format => "markdown";

    public string? FileName => File;

    public void Write(RunReport report, ReportDestination destination)
    {
        ArgumentNullException.ThrowIfNull(report);
        ReportFile.Write(destination, File, Render(report));
    }

    internal static string Render(RunReport report)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {Cell(report.Scenario)}\n\nRun `{report.RunId}`: {report.Gates.Count} measurement{(report.Gates.Count == 1 ? string.Empty : "s")} on {Cell(report.Environment.Cpu)} ({report.Environment.Cores} cores), ONNX Runtime {Cell(report.Environment.OnnxRuntime)}.\n\n");
        Summary(text, report);
        if (report.Speed.Count > 0)
        {
            Table(
                text,
                "Speed",
                ["model", "variant", "target", "load", "status", "p50 ms", "p90 ms", "p99 ms", "queries/s", "samples/s", "cold ms", "RSS MiB"],
                5,
                report.Speed.Select(r => new[]
                {
                    r.Model, r.Variant, r.Target, r.Load, r.Status,
                    ConsoleSpeedTable.Figure(r.P50Ms), ConsoleSpeedTable.Figure(r.P90Ms), ConsoleSpeedTable.Figure(r.P99Ms),
                    ConsoleSpeedTable.Figure(r.QueriesPerSec), ConsoleSpeedTable.Figure(r.SamplesPerSec),
                    ConsoleSpeedTable.Figure(r.ColdStartMs), ConsoleSpeedTable.Figure(r.PeakRssMiB),
                }));
        }

        if (report.Accuracy.Count > 0)
        {
            Table(
                text,
                "Accuracy",
                ["model", "variant", "target", "dataset", "headline (95% interval)", "other metrics", "worst slice", "samples", "samples/s"],
                7,
                report.Accuracy.Select(a => new[]
                {
                    a.Model, a.Variant, a.Target, a.Dataset,
                    ConsoleAccuracyTable.Headline(a.Headline) + (a.Rejected ? " **rejected**" : string.Empty),
                    string.Join(", ", a.OtherMetrics.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:0.000}"))),
                    ConsoleAccuracyTable.Slice(a.WorstSlice),
                    a.Scored.ToString(CultureInfo.InvariantCulture) + (a.FailedSamples > 0 ? $" ({a.FailedSamples} failed)" : string.Empty),
                    a.SamplesPerSec.ToString("0.0", CultureInfo.InvariantCulture),
                }));
        }

        if (report.Variants.Count > 0)
        {
            Table(
                text,
                $"Variants against {VariantComparison.Reference}",
                ["model", "variant", "target", "size", "rewritten", "single-stream p50", "accuracy (drop, points)", $"fidelity to {VariantComparison.Reference}", "verdict"],
                int.MaxValue,
                report.Variants.SelectMany(c => c.Rows.Select(row => new[]
                {
                    c.Model, row.Variant, c.Target,
                    ConsoleVariantTable.Size(row),
                    row.Made is null ? "-" : row.Made.Transformed.ToString(CultureInfo.InvariantCulture),
                    ConsoleVariantTable.Speed(row), ConsoleVariantTable.Accuracy(row), ConsoleVariantTable.Fidelity(row),
                    Markup.Remove(ConsoleVariantTable.Verdict(row.Verdict)),
                })));
        }

        return text.ToString();
    }

    private static void Summary(StringBuilder text, RunReport report)
    {
        text.Append("## Summary\n\n");
        foreach (var comparison in report.Variants)
        {
            var best = comparison.Best;
            text.Append(CultureInfo.InvariantCulture, $"- Best for {Cell(comparison.Model)} on {Cell(comparison.Target)}: fastest {Pick(best.Fastest)}, smallest {Pick(best.Smallest)}, most accurate {Pick(best.MostAccurate)}.\n");
        }

        var warnings = report.Warnings.ToList();
        text.Append(warnings.Count == 0
            ? "- Every measurement ran, is valid and passed its checks.\n"
            : string.Create(CultureInfo.InvariantCulture, $"- {warnings.Count} of {report.Gates.Count} measurements did not pass:\n"));
        foreach (var gate in warnings)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - `{gate.Id}` {Cell(string.Join("; ", gate.Reasons))}\n");
        }

        text.Append('\n');
    }

    private static string Pick(string? variant) => variant is null ? "(not measured)" : $"**{Cell(variant)}**";

    /// <param name="leftColumns">How many leading columns hold words (left-aligned); the rest hold figures.</param>
    private static void Table(StringBuilder text, string title, string[] columns, int leftColumns, IEnumerable<string[]> rows)
    {
        text.Append(CultureInfo.InvariantCulture, $"## {title}\n\n| {string.Join(" | ", columns)} |\n|");
        for (var i = 0; i < columns.Length; i++)
        {
            text.Append(i < leftColumns ? " --- |" : " ---: |");
        }

        text.Append('\n');
        foreach (var row in rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
        }

        text.Append('\n');
    }

    // A pipe would end the cell and a line break the row; everything else Markdown shows as written.
    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
