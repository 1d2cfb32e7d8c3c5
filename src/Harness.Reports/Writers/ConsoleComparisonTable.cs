using System.Globalization;
using Spectre.Console;

namespace Harness.Reports.Writers;

/// <summary>Two runs side by side on the console: each measurement's status, latency, throughput and accuracy in A and B, and B against A.</summary>
public static class ConsoleComparisonTable
{
    public static Table Build(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]A[/] {Markup.Escape(comparison.RunA)}  [bold]B[/] {Markup.Escape(comparison.RunB)}");
        table.AddColumn(new TableColumn("measurement").NoWrap());
        table.AddColumn(new TableColumn("status A / B").NoWrap());
        foreach (var column in new[] { "p50 ms A", "p50 ms B", "p50 B/A", "p99 B/A", "queries/s B/A" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        table.AddColumn("accuracy A → B");
        foreach (var row in comparison.Rows)
        {
            table.AddRow(
                Markup.Escape(row.Id),
                Markup.Escape($"{row.GateA?.Status ?? "-"} / {row.GateB?.Status ?? "-"}"),
                ConsoleSpeedTable.Figure(row.SpeedA?.P50Ms),
                ConsoleSpeedTable.Figure(row.SpeedB?.P50Ms),
                Ratio(row.P50Ratio),
                Ratio(row.P99Ratio),
                Ratio(row.ThroughputRatio),
                Markup.Escape(Accuracy(row)));
        }

        return table;
    }

    private static string Ratio(double? ratio) => ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "-";

    private static string Accuracy(ComparedMeasurement row)
    {
        static string Value(AccuracyRow? a) => a is null ? "-" : a.Headline.Value.ToString("0.000", CultureInfo.InvariantCulture);
        if (row.AccuracyA is null && row.AccuracyB is null)
        {
            return "-";
        }

        var metric = (row.AccuracyA ?? row.AccuracyB)!.Headline.Metric;
        var change = row.AccuracyChange is { } c ? " (" + (c * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pt)" : string.Empty;
        return $"{metric} {Value(row.AccuracyA)} → {Value(row.AccuracyB)}{change}";
    }
}
