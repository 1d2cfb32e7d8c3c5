using System.Globalization;
using Harness.Results;
using Spectre.Console;

namespace Harness.Reports.Writers;

/// <summary>One row per latency or throughput measurement, the figures a reader compares.</summary>
internal static class ConsoleSpeedTable
{
    public static Table Build(RunReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(report.Scenario)}[/] ({Markup.Escape(report.RunId)})");
        foreach (var column in new[] { "model", "variant", "target", "load", "status" })
        {
            table.AddColumn(column);
        }

        foreach (var column in new[] { "p50 ms", "p90 ms", "p99 ms", "queries/s", "samples/s", "cold ms", "RSS MiB", "GFLOP/s", "roofline" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var row in report.Speed)
        {
            var status = row.Status switch
            {
                MeasurementStatus.Ok => "[green]ok[/]",
                MeasurementStatus.Invalid => "[yellow]invalid[/]",
                _ => $"[red]{Markup.Escape(row.Status)}[/]",
            };
            table.AddRow(
                Markup.Escape(row.Model),
                Markup.Escape(row.Variant),
                Markup.Escape(row.TargetCell),
                Markup.Escape(row.Load),
                status,
                Number(row.P50Ms),
                Number(row.P90Ms),
                Number(row.P99Ms),
                Number(row.QueriesPerSec),
                Number(row.SamplesPerSec),
                Number(row.ColdStartMs),
                Number(row.PeakRssMiB),
                Number(row.AchievedGflops),
                row.RooflineShare is null ? "[grey]-[/]" : Share(row.RooflineShare));
        }

        return table;
    }

    private static string Number(double? value) => value is null ? "[grey]-[/]" : Figure(value);

    /// <summary>A share of the roofline as a whole percent, or one decimal below 10%.</summary>
    internal static string Share(double? share) => share switch
    {
        null => "-",
        < 0.1 => (share.Value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
        _ => (share.Value * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
    };

    /// <summary>Three significant places or so, wider for larger numbers; "-" where nothing was measured.</summary>
    internal static string Figure(double? value) => value switch
    {
        null => "-",
        < 10 => value.Value.ToString("0.000", CultureInfo.InvariantCulture),
        < 1000 => value.Value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0", CultureInfo.InvariantCulture),
    };
}
