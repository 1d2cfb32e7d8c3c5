using System.Globalization;
using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>
/// What batching buys per model: the latency of one batch and the samples per second, each against
/// the batch size (single-stream is batch 1, offline loads the batches they ran). Drawn where a
/// model ran at two batch sizes or more; the batch axis is log2, so 1, 2, 4, 8 are evenly spaced.
/// </summary>
internal static class BatchScalingCharts
{
    public static IEnumerable<ReportChart> Of(RunReport report, VariantColors colors)
    {
        var batched = report.Speed
            .Where(r => r.LoadKind is "single-stream" or "offline" && r.P50Ms is not null && r.SamplesPerSec is not null)
            .GroupBy(r => r.Model);
        foreach (var model in batched)
        {
            var rows = model.ToList();
            var sizes = rows.Select(r => r.BatchSize).Distinct().Order().ToList();
            if (sizes.Count < 2)
            {
                continue;
            }

            yield return Draw(model.Key, rows, sizes, colors, r => r.P50Ms!.Value, "batch-latency", "Latency per batch", "p50 latency of one batch (ms)");
            yield return Draw(model.Key, rows, sizes, colors, r => r.SamplesPerSec!.Value, "batch-throughput", "Throughput", "samples/s");
        }
    }

    private static ReportChart Draw(string model, List<SpeedRow> rows, List<int> sizes, VariantColors colors, Func<SpeedRow, double> figure, string name, string what, string yLabel)
    {
        var plot = new Plot();
        var log = ChartStyle.SpansDecades(rows.Select(figure));
        var targets = rows.Select(r => r.Target).Distinct().ToList();
        foreach (var line in rows.GroupBy(r => (r.Variant, r.Target)))
        {
            // The first measurement at each batch size: a model runs one single-stream and one offline load per size.
            var points = line.GroupBy(r => r.BatchSize).Select(g => g.First()).OrderBy(r => r.BatchSize).ToList();
            var scatter = plot.Add.Scatter(
                points.Select(r => Math.Log2(r.BatchSize)).ToArray(),
                points.Select(r => ChartStyle.Place(figure(r), log)).ToArray());
            scatter.Color = colors[line.Key.Variant];
            scatter.LineWidth = 2;
            scatter.MarkerSize = 8;
            scatter.MarkerShape = ChartStyle.Shapes[targets.IndexOf(line.Key.Target) % ChartStyle.Shapes.Length];
            scatter.LegendText = targets.Count == 1 ? line.Key.Variant : $"{line.Key.Variant} on {line.Key.Target}";
        }

        plot.Axes.Bottom.SetTicks([.. sizes.Select(s => Math.Log2(s))], [.. sizes.Select(s => s.ToString(CultureInfo.InvariantCulture))]);
        plot.Axes.Margins(0.08, 0.15);
        if (log)
        {
            ChartStyle.LogTicks(plot.Axes.Left, rows.Select(figure));
        }

        return ChartStyle.Finish(plot, ChartStyle.Name(name, model), $"{what} against batch size: {model}", "batch size (samples per query)", ChartStyle.AxisLabel(yLabel, log));
    }
}
