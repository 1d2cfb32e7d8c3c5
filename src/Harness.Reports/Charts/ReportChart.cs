using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>One chart of a report, drawn once and rendered to SVG (inline in HTML) or PNG (beside Markdown).</summary>
/// <param name="name">A file-name-safe name (latency-percentiles-cls-single-stream).</param>
/// <param name="height">In pixels; <see cref="Height"/> unless the chart has many rows.</param>
public sealed class ReportChart(string name, string title, Plot plot, int height = ReportChart.Height)
{
    /// <summary>Wide enough for a legend beside the data, and about half a printed A4 page's width at 96 dpi doubled.</summary>
    public const int Width = 800;

    public const int Height = 450;

    public string Name { get; } = name;

    public string Title { get; } = title;

    public int PixelHeight { get; } = height;

    /// <summary>The drawing itself, for tests that check its marks rather than its pixels.</summary>
    internal Plot Plot { get; } = plot;

    public string Svg() => Plot.GetSvgXml(Width, PixelHeight);

    public byte[] Png() => Plot.GetImageBytes(Width, PixelHeight, ImageFormat.Png);
}
