using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>
/// Throughput against p99 at each load a peak-QPS search or a concurrency sweep tried: where a
/// curve turns upwards is where queueing starts. Probes that missed the latency objective have a white centre.
/// </summary>
internal static class ThroughputLatencyChart
{
    public static IEnumerable<ReportChart> Of(RunReport report, VariantColors colors)
    {
        var rows = report.Speed.Where(r => r.Probes.Count > 0).ToList();
        if (rows.Count == 0)
        {
            yield break;
        }

        var plot = new Plot();
        var log = ChartStyle.SpansDecades(rows.SelectMany(r => r.Probes).Select(p => p.P99Ms));
        var models = rows.Select(r => r.Model).Distinct().ToList();
        var loads = rows.Select(r => (r.Model, r.Load)).Distinct().ToList();
        foreach (var row in rows)
        {
            var probes = row.Probes.OrderBy(p => p.QueriesPerSec).ToList();
            var scatter = plot.Add.Scatter(
                probes.Select(p => p.QueriesPerSec).ToArray(),
                probes.Select(p => ChartStyle.Place(p.P99Ms, log)).ToArray());
            scatter.Color = colors[row.Variant];
            scatter.LineWidth = 2;
            scatter.MarkerSize = 8;

            // The variant is the colour; the load (batched or not, and the model's) is the marker.
            scatter.MarkerShape = ChartStyle.Shapes[loads.IndexOf((row.Model, row.Load)) % ChartStyle.Shapes.Length];
            scatter.LegendText = models.Count == 1 ? $"{row.Variant} {row.Load}" : $"{row.Model} {row.Variant} {row.Load}";
            foreach (var missed in probes.Where(p => p.MeetsSlo == false))
            {
                plot.Add.Marker(missed.QueriesPerSec, ChartStyle.Place(missed.P99Ms, log), scatter.MarkerShape, 5, Colors.White);
            }
        }

        if (rows.Any(r => r.Probes.Any(p => p.MeetsSlo == false)))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "white centre: over the latency objective", MarkerShape = MarkerShape.OpenCircle, MarkerColor = Colors.Gray, MarkerSize = 8, MarkerLineWidth = 2 });
        }

        if (log)
        {
            ChartStyle.LogTicks(plot.Axes.Left, rows.SelectMany(r => r.Probes).Select(p => p.P99Ms));
        }

        var title = models.Count == 1 ? $"Throughput against p99 latency: {models[0]}" : "Throughput against p99 latency";
        yield return ChartStyle.Finish(plot, "throughput-latency", title, "achieved queries/s", ChartStyle.AxisLabel("p99 latency (ms)", log));
    }
}
