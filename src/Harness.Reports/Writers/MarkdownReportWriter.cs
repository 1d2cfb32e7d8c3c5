using System.Globalization;
using System.Text;
using Harness.Reports.Charts;

namespace Harness.Reports.Writers;

/// <summary>
/// <c>report.md</c>: the summary first (best variant per objective, then the measurements that did
/// not pass, in plain words), then the charts as PNG files beside it (<c>charts/</c>), then the
/// speed, accuracy, variant and cost tables as GitHub tables, fit for a CI step summary or a
/// pull-request comment. The figures are the console tables' own text.
/// </summary>
public sealed class MarkdownReportWriter : IReportWriter
{
    public const string File = "report.md";

    public string Format => "markdown";

    public string? FileName => File;

    public void Write(RunReport report, ReportDestination destination)
    {
        ArgumentNullException.ThrowIfNull(report);
        var charts = ChartFiles.Write(ReportCharts.Of(report), destination);
        ReportFile.Write(destination, File, Render(report, charts));
    }

    internal static string Render(RunReport report, IReadOnlyList<(ReportChart Chart, string Path)> charts)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {Cell(report.Scenario)}\n\nRun `{report.RunId}`: {report.Gates.Count} measurement{(report.Gates.Count == 1 ? string.Empty : "s")} on {Cell(report.Environment.Cpu)} ({report.Environment.Cores} cores), ONNX Runtime {Cell(report.Environment.OnnxRuntime)}.\n\n");
        if (report.UnlikeNodes is { } nodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"> **Warning:** {Cell(nodes)}.\n\n");
        }

        Summary(text, report);
        Charts(text, charts);
        foreach (var table in ReportTables.Of(report))
        {
            Table(text, table);
        }

        return text.ToString();
    }

    private static void Summary(StringBuilder text, RunReport report)
    {
        text.Append("## Summary\n\n");
        foreach (var line in ReportTables.Summary(report))
        {
            text.Append("- ").Append(Cell(line)).Append('\n');
        }

        foreach (var gate in report.Warnings)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - `{gate.Id}` {Cell(string.Join("; ", gate.Reasons))}\n");
        }

        text.Append('\n');
    }

    private static void Charts(StringBuilder text, IReadOnlyList<(ReportChart Chart, string Path)> charts)
    {
        if (charts.Count == 0)
        {
            return;
        }

        text.Append("## Charts\n\n");
        foreach (var (chart, path) in charts)
        {
            // Brackets would end the image's text early; the path is ours and needs no escaping.
            text.Append(CultureInfo.InvariantCulture, $"![{chart.Title.Replace("[", "(", StringComparison.Ordinal).Replace("]", ")", StringComparison.Ordinal)}]({path})\n\n");
        }
    }

    private static void Table(StringBuilder text, TextTable table)
    {
        text.Append(CultureInfo.InvariantCulture, $"## {table.Title}\n\n| {string.Join(" | ", table.Columns)} |\n|");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            text.Append(i < table.LeftColumns ? " --- |" : " ---: |");
        }

        text.Append('\n');
        foreach (var row in table.Rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
        }

        text.Append('\n');
    }

    // A pipe would end the cell and a line break the row; everything else Markdown shows as written.
    // A results file from another harness version may lack a text field; it shows as "-", not a crash.
    private static string Cell(string? value) => (value ?? "-").Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
