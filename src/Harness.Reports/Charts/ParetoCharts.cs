using System.Globalization;
using Harness.Price;
using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>
/// Accuracy against single-stream p99 per model and target, with the Pareto frontier: the variants
/// worth choosing from, drawn filled (the dominated ones hollow). Once the run is priced, a marker's
/// area is the variant's dollars per million inferences, so the cheap corner shows at a glance.
/// </summary>
internal static class ParetoCharts
{
    /// <summary>The marker of the costliest variant; the others' areas scale down from it.</summary>
    private const float LargestMarker = 28;

    private const float SmallestMarker = 7;

    /// <summary>A name's rough extent, as shares of the axes' spans, for keeping two names from overlapping.</summary>
    private const double LabelWidth = 0.3;

    private const double LabelHeight = 0.07;

    public static IEnumerable<ReportChart> Of(RunReport report, VariantColors colors)
    {
        foreach (var group in report.Pareto.GroupBy(p => (p.Model, p.Target)))
        {
            yield return Draw(group.Key.Model, group.Key.Target, [.. group], colors);
        }
    }

    private static ReportChart Draw(string model, string target, IReadOnlyList<ParetoPoint> points, VariantColors colors)
    {
        var plot = new Plot();
        var frontier = points.Where(p => p.OnFrontier).OrderBy(p => p.P99Ms).ToList();
        var line = plot.Add.Scatter(frontier.Select(p => p.P99Ms).ToArray(), frontier.Select(p => p.Accuracy.Value).ToArray());
        line.Color = Colors.Gray;
        line.LineWidth = 2;
        line.MarkerSize = 0;
        var costliest = points.Max(p => p.CostPerMillionUsd);
        var labels = Place(points);
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            var marker = plot.Add.Marker(point.P99Ms, point.Accuracy.Value);
            marker.MarkerSize = Size(point.CostPerMillionUsd, costliest);
            marker.MarkerShape = point.OnFrontier ? MarkerShape.FilledCircle : MarkerShape.OpenCircle;
            marker.MarkerLineWidth = 2;
            marker.Color = colors[point.Variant];
            ChartStyle.NameBeside(plot, Label(point), point.P99Ms, point.Accuracy.Value, labels[i].Across, marker.MarkerSize, labels[i].Line);
        }

        // The legend explains the marks; each point is named beside it, in its variant's colour.
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "on the frontier", MarkerShape = MarkerShape.FilledCircle, MarkerColor = Colors.Gray, MarkerSize = 10 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "dominated", MarkerShape = MarkerShape.OpenCircle, MarkerColor = Colors.Gray, MarkerSize = 10, MarkerLineWidth = 2 });
        if (costliest is not null)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "area: $ per 1M", MarkerShape = MarkerShape.OpenCircle, MarkerColor = Colors.Gray, MarkerSize = 18 });
        }

        // Room around the points for their names, which sit beside each marker.
        plot.Axes.Margins(left: 0.15, right: 0.15, bottom: 0.15, top: 0.15);
        var metric = points[0].Accuracy.Metric;
        line.LegendText = "Pareto frontier";
        return ChartStyle.Finish(
            plot,
            ChartStyle.Name("accuracy-latency", model, target),
            $"{metric} against p99 latency: {model} on {target}",
            "single-stream p99 latency (ms)",
            metric + (points[0].Accuracy.HigherIsBetter ? " (higher is better)" : " (lower is better)"));
    }

    /// <summary>
    /// Where each point's name goes: how far across the chart the point is (a name goes left of a
    /// point in the right part), and its line: 0 beside the marker, or a line below (+1) or above
    /// (−1) where it would cover a name already placed near it.
    /// </summary>
    private static (double Across, int Line)[] Place(IReadOnlyList<ParetoPoint> points)
    {
        var (xMin, xSpan) = (points.Min(p => p.P99Ms), Math.Max(1e-9, points.Max(p => p.P99Ms) - points.Min(p => p.P99Ms)));
        var (yMin, ySpan) = (points.Min(p => p.Accuracy.Value), Math.Max(1e-9, points.Max(p => p.Accuracy.Value) - points.Min(p => p.Accuracy.Value)));
        var placed = new List<(double From, double Y)>();
        var names = new (double Across, int Line)[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            var x = (points[i].P99Ms - xMin) / xSpan;
            var y = (points[i].Accuracy.Value - yMin) / ySpan;

            // A name spans LabelWidth from its point, rightwards or (in the right part) leftwards.
            var from = x > ChartStyle.NameOnTheLeft ? x - LabelWidth : x;
            names[i] = (x, 0);
            foreach (var line in new[] { 0, 1, -1, 2, -2 })
            {
                // A line below on the page is lower on the axis.
                var candidate = (From: from, Y: y - (line * LabelHeight));
                if (!placed.Any(p => Math.Abs(p.From - candidate.From) < LabelWidth && Math.Abs(p.Y - candidate.Y) < LabelHeight))
                {
                    (names[i], placed) = ((x, line), [.. placed, candidate]);
                    break;
                }
            }
        }

        return names;
    }

    /// <summary>Area in proportion to cost, so twice the dollars looks twice as big; unpriced points keep one middling size.</summary>
    private static float Size(double? cost, double? costliest) =>
        cost is { } c && costliest is { } max && max > 0
            ? Math.Max(SmallestMarker, LargestMarker * (float)Math.Sqrt(c / max))
            : SmallestMarker + 3;

    private static string Label(ParetoPoint point) =>
        point.CostPerMillionUsd is { } cost
            ? string.Create(CultureInfo.InvariantCulture, $"{point.Variant} {Money.Format(cost)}/1M")
            : point.Variant;
}
