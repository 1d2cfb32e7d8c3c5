using System.Globalization;
using System.Net;
using System.Text;
using Harness.Reports.Charts;

namespace Harness.Reports.Writers;

/// <summary>
/// <c>report.html</c>: one self-contained page (inline CSS and SVG charts, no script, nothing
/// fetched), so it opens from a CI artifact or a mail attachment and prints well. Summary first,
/// then the charts, the tables, and the scenario and environment the run measured.
/// </summary>
public sealed class HtmlReportWriter : IReportWriter
{
    public const string File = "report.html";

    private const string Style = """
        body { font: 14px/1.45 system-ui, sans-serif; color: #1b1f24; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
        h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: 0.2rem; margin-top: 2rem; }
        .warnings li { color: #9a3412; }
        figure.chart { margin: 1rem 0; break-inside: avoid; } figure.chart svg { max-width: 100%; height: auto; }
        figcaption { color: #57606a; font-size: 0.9rem; }
        table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-variant-numeric: tabular-nums; break-inside: auto; }
        caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
        th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
        td.figure, th.figure { text-align: right; } thead { background: #f6f8fa; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dt { font-weight: 600; } dd { margin: 0; }
        @media print { body { margin: 0; max-width: none; font-size: 11px; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
        """;

    public string Format => "html";

    public string? FileName => File;

    public void Write(RunReport report, ReportDestination destination)
    {
        ArgumentNullException.ThrowIfNull(report);
        ReportFile.Write(destination, File, Render(report));
    }

    internal static string Render(RunReport report)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(report.Scenario)} ({E(report.RunId)})</title>
            <style>
            {Style}
            </style>
            </head>
            <body>
            <h1>{E(report.Scenario)}</h1>
            <p>Run <code>{E(report.RunId)}</code>: {report.Gates.Count} measurement{(report.Gates.Count == 1 ? string.Empty : "s")} on {E(report.Environment.Cpu)}, ONNX Runtime {E(report.Environment.OnnxRuntime)}.</p>

            """);
        if (report.UnlikeNodes is { } nodes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><strong>Warning:</strong> {E(nodes)}.</p>\n");
        }

        Summary(html, report);
        Charts(html, report);
        foreach (var table in ReportTables.Of(report))
        {
            Table(html, table);
        }

        Environment(html, report);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, RunReport report)
    {
        html.Append("<section id=\"summary\">\n<h2>Summary</h2>\n<ul>\n");
        foreach (var line in ReportTables.Summary(report))
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{E(line)}</li>\n");
        }

        html.Append("</ul>\n");
        if (report.Warnings.Any())
        {
            html.Append("<ul class=\"warnings\">\n");
            foreach (var gate in report.Warnings)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><code>{E(gate.Id)}</code> {E(string.Join("; ", gate.Reasons))}</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("</section>\n");
    }

    private static void Charts(StringBuilder html, RunReport report)
    {
        var charts = ReportCharts.Of(report);
        if (charts.Count == 0)
        {
            return;
        }

        html.Append("<section id=\"charts\">\n<h2>Charts</h2>\n");
        foreach (var chart in charts)
        {
            var svg = chart.Svg();

            // Inline SVG takes no XML declaration; the drawing starts at its root element.
            svg = svg[svg.IndexOf("<svg", StringComparison.Ordinal)..].TrimEnd();
            html.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\" id=\"chart-{E(chart.Name)}\">\n{svg}\n<figcaption>{E(chart.Title)}</figcaption>\n</figure>\n");
        }

        html.Append("</section>\n");
    }

    private static void Table(StringBuilder html, TextTable table)
    {
        html.Append(CultureInfo.InvariantCulture, $"<table>\n<caption>{E(table.Title)}</caption>\n<thead><tr>");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th{Align(table, i)}>{E(table.Columns[i])}</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td{Align(table, i)}>{E(row[i])}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void Environment(StringBuilder html, RunReport report)
    {
        var (scenario, harness, startedAt) = report.Source;
        var e = report.Environment;
        html.Append("<section id=\"environment\">\n<h2>Scenario and environment</h2>\n<dl>\n");
        foreach (var (term, value) in new[]
        {
            ("scenario", $"{scenario.Name} ({scenario.Path}, sha256 {scenario.Sha256})"),
            ("started", startedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)),
            ("harness", $"{harness.Version} ({harness.Commit})"),
            ("machine", string.Create(CultureInfo.InvariantCulture, $"{e.Os}, {e.Cpu}, {e.Cores} cores, {e.MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB")),
            ("runtime", $"{e.Dotnet}, ONNX Runtime {e.OnnxRuntime} ({string.Join(", ", e.Providers)})"),
        })
        {
            html.Append(CultureInfo.InvariantCulture, $"<dt>{E(term)}</dt><dd>{E(value)}</dd>\n");
        }

        html.Append("</dl>\n</section>\n");
    }

    private static string Align(TextTable table, int column) => column < table.LeftColumns ? string.Empty : " class=\"figure\"";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "-");
}
