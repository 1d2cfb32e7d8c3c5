using System.Globalization;
using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>
/// Every chart a report shows, drawn from the <see cref="RunReport"/> alone: latency percentile
/// curves, throughput against p99 from peak-QPS searches and concurrency sweeps, and accuracy
/// against p99 with the Pareto frontier. A chart with nothing to show is not drawn.
/// </summary>
public static class ReportCharts
{
    /// <summary>The quantiles marked on a percentile curve's axis.</summary>
    private static readonly double[] MarkedQuantiles = [0.5, 0.9, 0.99, 0.999];

    public static IReadOnlyList<ReportChart> Of(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var charts = new List<ReportChart>();
        foreach (var model in report.Speed.Where(r => r.Percentiles.Count > 0).GroupBy(r => r.Model))
        {
            charts.Add(LatencyPercentiles(model.Key, [.. model]));
        }

        var probed = report.Speed.Where(r => r.Probes.Count > 0).ToList();
        if (probed.Count > 0)
        {
            charts.Add(ThroughputAgainstLatency(probed));
        }

        foreach (var group in report.Pareto.GroupBy(p => (p.Model, p.Target)))
        {
            charts.Add(AccuracyAgainstLatency(group.Key.Model, group.Key.Target, [.. group]));
        }

        return charts;
    }

    /// <summary>
    /// Latency against quantile on HdrHistogram's axis, log10(1/(1−q)), which gives p90, p99 and
    /// p99.9 equal room: the tail a mean or a p50 hides is where the curves part.
    /// </summary>
    private static ReportChart LatencyPercentiles(string model, IReadOnlyList<SpeedRow> rows)
    {
        var plot = new Plot();
        foreach (var row in rows)
        {
            var scatter = plot.Add.Scatter(
                row.Percentiles.Select(p => TailAxis(p.Quantile)).ToArray(),
                row.Percentiles.Select(p => p.Ms).ToArray());
            scatter.LegendText = $"{row.Variant} {row.Target} {row.Load}";
        }

        plot.Axes.Bottom.SetTicks(
            [.. MarkedQuantiles.Select(TailAxis)],
            [.. MarkedQuantiles.Select(q => "p" + (q * 100).ToString("0.#", CultureInfo.InvariantCulture))]);
        return Finish(plot, $"latency-percentiles-{model}", $"Latency percentiles: {model}", "percentile", "latency (ms)");
    }

    private static ReportChart ThroughputAgainstLatency(IReadOnlyList<SpeedRow> rows)
    {
        var plot = new Plot();
        foreach (var row in rows)
        {
            var scatter = plot.Add.Scatter(
                row.Probes.Select(p => p.QueriesPerSec).ToArray(),
                row.Probes.Select(p => p.P99Ms).ToArray());
            scatter.LegendText = $"{row.Model} {row.Variant} {row.Target} {row.Load}";
        }

        return Finish(plot, "throughput-latency", "Throughput against p99 latency", "achieved queries/s", "p99 latency (ms)");
    }

    private static ReportChart AccuracyAgainstLatency(string model, string target, IReadOnlyList<ParetoPoint> points)
    {
        var plot = new Plot();
        var frontier = points.Where(p => p.OnFrontier).OrderBy(p => p.P99Ms).ToList();
        var line = plot.Add.Scatter(frontier.Select(p => p.P99Ms).ToArray(), frontier.Select(p => p.Accuracy.Value).ToArray());
        line.LegendText = "Pareto frontier";
        line.MarkerSize = 0;
        foreach (var point in points)
        {
            var marker = plot.Add.Marker(point.P99Ms, point.Accuracy.Value);
            marker.MarkerSize = point.OnFrontier ? 10 : 7;
            marker.MarkerShape = point.OnFrontier ? MarkerShape.FilledCircle : MarkerShape.OpenCircle;
            var label = plot.Add.Text(point.Variant, point.P99Ms, point.Accuracy.Value);
            label.LabelFontSize = 12;
            label.OffsetX = 6;
        }

        // Room around the points for their names, which sit to the right of each marker.
        plot.Axes.Margins(0.2, 0.2);
        var metric = points[0].Accuracy.Metric;
        return Finish(plot, $"accuracy-latency-{model}-{target}", $"{metric} against p99 latency: {model} on {target}", "single-stream p99 latency (ms)", metric);
    }

    private static double TailAxis(double quantile) => Math.Log10(1 / (1 - quantile));

    private static ReportChart Finish(Plot plot, string name, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (plot.GetPlottables().Any(p => p.LegendItems.Any(i => !string.IsNullOrEmpty(i.LabelText))))
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }

        return new ReportChart(name, title, plot);
    }
}
