using System.Globalization;
using Spectre.Console;

namespace Harness.Reports.Writers;

/// <summary>The tables a run ends with on the console: speed, accuracy, and variants against the reference.</summary>
public sealed class ConsoleReportWriter : IReportWriter
{
    public string Format => "console";

    public void Write(RunReport report, ReportDestination destination)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(destination);
        var console = destination.Console;
        if (report.Speed.Count > 0)
        {
            console.Write(ConsoleSpeedTable.Build(report));
        }

        if (ReportTables.Projected(report) is { } projected)
        {
            console.Write(Plain(projected));
        }

        if (report.Accuracy.Count > 0)
        {
            console.Write(ConsoleAccuracyTable.Build(report.Accuracy));
        }

        if (report.Variants.Count > 0)
        {
            console.Write(ConsoleVariantTable.Build(report.Variants));
            foreach (var comparison in report.Variants)
            {
                if (Best(comparison.Best) is { Length: > 0 } best)
                {
                    console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"best for {comparison.Model} on {comparison.Target}: {best}")));
                }
            }
        }

        WriteCosts(report, console);
        foreach (var target in report.Targets)
        {
            var emulates = target.Emulates is { } e ? string.Create(CultureInfo.InvariantCulture, $" ({e.Device}, {e.CoresUsed} of {e.Cores} cores, {e.MemoryBytes >> 20} MiB)") : string.Empty;
            var agent = target.Fingerprint.AgentHost is { } host ? $" on agent {host} ({target.Fingerprint.AgentArchitecture}, {target.Fingerprint.Cpu})" : string.Empty;
            console.MarkupLine(Markup.Escape($"target {target.Target}: {target.Figures}{agent}{emulates}, fingerprint {target.Fingerprint.Hash}"));
        }
    }

    /// <summary>A report table as the console draws it: the words left, the figures right.</summary>
    private static Table Plain(TextTable text)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(text.Title));
        for (var i = 0; i < text.Columns.Count; i++)
        {
            var column = new TableColumn(Markup.Escape(text.Columns[i]));
            table.AddColumn(i < text.LeftColumns ? column : column.RightAligned());
        }

        foreach (var row in text.Rows)
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        return table;
    }

    private static void WriteCosts(RunReport report, IAnsiConsole console)
    {
        foreach (var comparison in report.Costs)
        {
            console.Write(ConsoleCostTable.Build(comparison, report.DemandQps));
            foreach (var line in ReportTables.CostSummary(comparison, report.SloMs))
            {
                console.MarkupLine(Markup.Escape(line));
            }
        }
    }

    private static string Best(BestVariants best) => string.Join(", ", new[]
    {
        best.Fastest is { } fastest ? "fastest " + fastest : null,
        best.Smallest is { } smallest ? "smallest " + smallest : null,
        best.MostAccurate is { } accurate ? "most accurate " + accurate : null,
    }.OfType<string>());
}
