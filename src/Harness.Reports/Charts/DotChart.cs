using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>One variant's values in a <see cref="DotChart"/>, one per category; null where it has none.</summary>
internal sealed record DotSeries(string Label, Color Color, IReadOnlyList<double?> Values);

/// <summary>
/// Named groups down the left, a value along the bottom, one dot per variant in each group (a
/// Cleveland dot plot): values close together stay readable, which bars starting at zero would hide,
/// and long group names need no turning.
/// </summary>
internal static class DotChart
{
    /// <summary>The share of a group's height its variants' dots spread over, so equal values stay visible side by side.</summary>
    private const double Spread = 0.6;

    /// <param name="spread">False where each group has one dot: it sits on its group's line.</param>
    public static Plot Draw(IReadOnlyList<string> categories, IReadOnlyList<DotSeries> series, bool log = false, bool spread = true)
    {
        var plot = new Plot();
        var step = spread && series.Count > 1 ? Math.Min(0.2, Spread / series.Count) : 0;
        for (var s = 0; s < series.Count; s++)
        {
            var offset = (((series.Count - 1) / 2.0) - s) * step;
            var placed = series[s].Values
                .Select((value, i) => (value, row: ChartStyle.Row(i, categories.Count) + offset))
                .Where(p => p.value is { } v && double.IsFinite(v))
                .ToList();
            var markers = plot.Add.Markers(
                placed.Select(p => ChartStyle.Place(p.value!.Value, log)).ToArray(),
                placed.Select(p => p.row).ToArray(),
                MarkerShape.FilledCircle,
                9,
                series[s].Color);
            markers.LegendText = series[s].Label;
        }

        ChartStyle.CategoriesDownwards(plot, categories);
        plot.Axes.Margins(horizontal: 0.1);
        if (log)
        {
            ChartStyle.LogTicks(plot.Axes.Bottom, series.SelectMany(s => s.Values).OfType<double>());
        }

        return plot;
    }
}
