using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>
/// How much of its roofline each measurement achieved: the share of the throughput the target's
/// peak compute and memory bandwidth allow. Drawn only when the results carry roofline figures
/// (<see cref="RunReport.Roofline"/>); a run without them has nothing to show here.
/// </summary>
internal static class RooflineChart
{
    public static IEnumerable<ReportChart> Of(RunReport report, VariantColors colors)
    {
        if (report.Roofline.Count == 0)
        {
            yield break;
        }

        var rows = report.Roofline;
        var categories = rows.Select(r => $"{r.Model} {r.Variant} on {r.Target}, {r.Load}").ToList();
        var plot = new Plot();
        var bars = plot.Add.Bars(rows.Select((r, i) => new Bar
        {
            Position = ChartStyle.Row(i, rows.Count),
            Value = r.Share * 100,
            FillColor = colors[r.Variant],
            Label = ChartStyle.Number(r.Share * 100) + "%",
        }).ToArray());
        bars.Horizontal = true;
        bars.ValueLabelStyle.FontSize = 12;
        ChartStyle.CategoriesDownwards(plot, categories);
        plot.Axes.SetLimitsX(0, 100);
        yield return ChartStyle.Finish(plot, "roofline-share", "Achieved share of the roofline", "achieved share of the attainable throughput (%)", "measurement");
    }
}
