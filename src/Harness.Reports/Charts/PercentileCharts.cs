using System.Globalization;
using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>
/// Latency against quantile on HdrHistogram's axis, log10(1/(1−q)), which gives p90, p99 and
/// p99.9 equal room: the tail a mean or a p50 hides is where the curves part. One chart per model
/// and load, so the curves on it compare variants under the same load.
/// </summary>
internal static class PercentileCharts
{
    /// <summary>The quantiles marked on the axis.</summary>
    private static readonly double[] MarkedQuantiles = [0.5, 0.9, 0.99, 0.999];

    public static IEnumerable<ReportChart> Of(RunReport report, VariantColors colors)
    {
        foreach (var group in report.Speed.Where(r => r.Percentiles.Count > 0).GroupBy(r => (r.Model, r.Load)))
        {
            yield return Draw(group.Key.Model, group.Key.Load, [.. group], colors);
        }
    }

    private static ReportChart Draw(string model, string load, IReadOnlyList<SpeedRow> rows, VariantColors colors)
    {
        var plot = new Plot();
        var log = ChartStyle.SpansDecades(rows.SelectMany(r => r.Percentiles).Select(p => p.Ms));
        var targets = rows.Select(r => r.Target).Distinct().ToList();
        foreach (var row in rows)
        {
            var scatter = plot.Add.Scatter(
                row.Percentiles.Select(p => TailAxis(p.Quantile)).ToArray(),
                row.Percentiles.Select(p => ChartStyle.Place(p.Ms, log)).ToArray());
            scatter.Color = colors[row.Variant];
            scatter.LineWidth = 2;
            scatter.MarkerSize = 6;

            // One target: the variant names each curve; several: the target's marker tells them apart.
            scatter.MarkerShape = ChartStyle.Shapes[targets.IndexOf(row.Target) % ChartStyle.Shapes.Length];
            scatter.LegendText = targets.Count == 1 ? row.Variant : $"{row.Variant} on {row.Target}";
        }

        plot.Axes.Bottom.SetTicks(
            [.. MarkedQuantiles.Select(TailAxis)],
            [.. MarkedQuantiles.Select(q => "p" + (q * 100).ToString("0.#", CultureInfo.InvariantCulture))]);
        if (log)
        {
            ChartStyle.LogTicks(plot.Axes.Left, rows.SelectMany(r => r.Percentiles).Select(p => p.Ms));
        }

        var target = targets.Count == 1 ? $" on {targets[0]}" : string.Empty;
        return ChartStyle.Finish(plot, ChartStyle.Name("latency-percentiles", model, load), $"Latency percentiles: {model}{target}, {load}", "percentile", ChartStyle.AxisLabel("latency (ms)", log));
    }

    private static double TailAxis(double quantile) => Math.Log10(1 / (1 - quantile));
}
