using System.Globalization;
using Harness.Results;
using Spectre.Console;

namespace Harness.Cli.Views;

/// <summary>The table a run ends with: one row per measurement, the figures a reader compares.</summary>
internal static class SummaryTable
{
    public static Table? Build(RunResults results)
    {
        if (results.Measurements.All(m => m.Accuracy is not null))
        {
            return null;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(results.Scenario.Name)}[/] ({Markup.Escape(results.RunId)})");
        foreach (var column in new[] { "model", "variant", "target", "load", "status" })
        {
            table.AddColumn(column);
        }

        foreach (var column in new[] { "p50 ms", "p90 ms", "p99 ms", "queries/s", "samples/s", "cold ms", "RSS MiB" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var m in results.Measurements.Where(m => m.Accuracy is null))
        {
            var status = m.Status switch
            {
                MeasurementStatus.Ok => "[green]ok[/]",
                MeasurementStatus.Invalid => "[yellow]invalid[/]",
                _ => $"[red]{Markup.Escape(m.Status)}[/]",
            };
            table.AddRow(
                Markup.Escape(m.Model),
                Markup.Escape(m.Variant),
                Markup.Escape(m.Target),
                Markup.Escape(m.Id[(m.Id.LastIndexOf('/') + 1)..]),
                status,
                Number(m.LatencyMs?.P50),
                Number(m.LatencyMs?.P90),
                Number(m.LatencyMs?.P99),
                Number(m.Throughput?.QueriesPerSec),
                Number(m.Throughput?.SamplesPerSec),
                Number(m.ColdStartMs is { } cold ? cold.SessionCreate + cold.FirstInference : null),
                Number(m.Memory is { } memory ? memory.PeakRssBytes / (1024.0 * 1024.0) : null));
        }

        return table;
    }

    private static string Number(double? value) => value switch
    {
        null => "[grey]-[/]",
        < 10 => value.Value.ToString("0.000", CultureInfo.InvariantCulture),
        < 1000 => value.Value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0", CultureInfo.InvariantCulture),
    };
}
