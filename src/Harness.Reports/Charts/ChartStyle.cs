using System.Globalization;
using System.Text;
using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>What every chart shares: titles and axis labels with units, the legend beside the data, log axes where values span decades, and category axes.</summary>
internal static class ChartStyle
{
    /// <summary>Above this ratio of largest to smallest value an axis is logarithmic: a linear one would flatten the small values into a line.</summary>
    public const double LogScaleRatio = 20;

    /// <summary>Whether <paramref name="values"/> span enough to need a log axis (all positive, largest over smallest above <see cref="LogScaleRatio"/>).</summary>
    public static bool SpansDecades(IEnumerable<double> values)
    {
        var positive = values.Where(v => double.IsFinite(v)).ToList();
        return positive.Count > 1 && positive.All(v => v > 0) && positive.Max() / positive.Min() > LogScaleRatio;
    }

    /// <summary>A value where it goes on an axis: log10 of it on a log axis (ScottPlot draws logs of values with log ticks).</summary>
    public static double Place(double value, bool log) => log ? Math.Log10(value) : value;

    /// <summary>An axis label that says when its scale is logarithmic: "latency (ms)" becomes "latency (ms, log scale)".</summary>
    public static string AxisLabel(string label, bool log) =>
        !log ? label : label.EndsWith(')') ? label[..^1] + ", log scale)" : label + " (log scale)";

    /// <summary>The font every chart writes in: Debian's fonts-dejavu-core, which set-up installs, so PNGs look the same on every machine.</summary>
    public const string Font = "DejaVu Sans";

    /// <summary>Marker shapes that tell apart what colour does not (targets, loads, models), in order of use.</summary>
    /// <remarks>Line patterns would do it in a PNG, but SkiaSharp's SVG canvas draws every dashed line solid.</remarks>
    public static readonly MarkerShape[] Shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.OpenCircle, MarkerShape.OpenSquare];

    /// <summary>
    /// Labelled ticks at 1, 2 and 5 times each power of ten within the values' range (only the
    /// powers of ten when they span more than two and a half decades), on an axis whose values went through
    /// <see cref="Place"/>. A log axis with only 10 and 100 labelled leaves most values unreadable.
    /// </summary>
    public static void LogTicks(IAxis axis, IEnumerable<double> values)
    {
        var positive = values.Where(v => v > 0 && double.IsFinite(v)).ToList();
        if (positive.Count == 0)
        {
            return;
        }

        var (low, high) = (Math.Floor(Math.Log10(positive.Min())), Math.Ceiling(Math.Log10(positive.Max())));
        double[] steps = Math.Log10(positive.Max() / positive.Min()) > 2.5 ? [1] : [1, 2, 5];
        var ticks = new List<double>();
        for (var exponent = low; exponent <= high; exponent++)
        {
            ticks.AddRange(steps.Select(step => step * Math.Pow(10, exponent)));
        }

        // Keep the ticks near the data, one step beyond it each way, so the axis is not stretched to reach them.
        var inRange = ticks.Where(t => t >= positive.Min() / 2.5 && t <= positive.Max() * 2.5).ToList();
        axis.SetTicks([.. inRange.Select(Math.Log10)], [.. inRange.Select(Number)]);
    }

    /// <summary>Categories as ticks at 0, 1, 2… from the top down, for charts that compare named groups along the horizontal axis.</summary>
    /// <summary>How far across the data a mark's name moves to its left (see <see cref="NameBeside"/>).</summary>
    public const double NameOnTheLeft = 0.75;

    /// <summary>
    /// A mark's name beside it: to its right, or to its left where the mark sits in the right part
    /// of the data (<paramref name="across"/> above <see cref="NameOnTheLeft"/> of the way across), so the name stays inside.
    /// </summary>
    /// <param name="line">0 on the mark's level; +1 a line below, −1 a line above, to keep clear of a neighbour's name.</param>
    public static void NameBeside(Plot plot, string name, double x, double y, double across, float markerSize, int line = 0)
    {
        var text = plot.Add.Text(name, x, y);
        var left = across > NameOnTheLeft;
        text.LabelFontName = Font;
        text.LabelFontSize = 12;
        text.OffsetX = ((markerSize / 2) + 4) * (left ? -1 : 1);
        text.OffsetY = line * 14;
        text.LabelAlignment = left ? Alignment.MiddleRight : Alignment.MiddleLeft;
    }

    /// <summary>How tall a chart with <paramref name="rows"/> categories down its side is drawn, so each row keeps room for its dots and its name.</summary>
    public static int HeightFor(int rows) => Math.Max(ReportChart.Height, 140 + (rows * 30));

    public static void CategoriesDownwards(Plot plot, IReadOnlyList<string> categories)
    {
        plot.Axes.Left.SetTicks([.. categories.Select((_, i) => Row(i, categories.Count))], [.. categories]);
        plot.Axes.SetLimitsY(-0.6, categories.Count - 0.4);
    }

    /// <summary>The vertical place of the <paramref name="index"/>th of <paramref name="count"/> categories, the first at the top.</summary>
    public static double Row(int index, int count) => count - 1 - index;

    public static string Number(double value) => value switch
    {
        >= 100 or <= -100 => value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 1 or <= -1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    /// <summary>A name fit for a file and an HTML id: the parts joined by dashes, anything but letters, digits, dots and dashes replaced.</summary>
    public static string Name(params string[] parts)
    {
        var name = new StringBuilder();
        foreach (var c in string.Join('-', parts))
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? char.ToLowerInvariant(c) : '-');
        }

        return name.ToString();
    }

    /// <param name="legend">False where the chart names its marks itself.</param>
    /// <param name="height">Taller than <see cref="ReportChart.Height"/> for a chart with many rows.</param>
    public static ReportChart Finish(Plot plot, string name, string title, string xLabel, string yLabel, bool legend = true, int height = ReportChart.Height)
    {
        plot.Font.Set(Font);
        foreach (var item in plot.Legend.ManualItems)
        {
            item.LabelFontName = Font;
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.Title.Label.FontSize = 16;
        if (legend && plot.GetPlottables().Any(p => p.LegendItems.Any(i => !string.IsNullOrEmpty(i.LabelText))))
        {
            // Beside the data, never over it: a legend inside the axes hides the points it names.
            plot.ShowLegend(Edge.Right);
        }
        else
        {
            plot.HideLegend();
        }

        return new ReportChart(name, title, plot, height);
    }
}
