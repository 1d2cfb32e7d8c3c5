using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>One chart of a report, drawn once and rendered to SVG (inline in HTML) or PNG (beside Markdown).</summary>
/// <param name="Name">A file-name-safe name (latency-percentiles-cls).</param>
public sealed class ReportChart(string name, string title, Plot plot)
{
    public const int Width = 720;
    public const int Height = 420;

    public string Name { get; } = name;

    public string Title { get; } = title;

    public string Svg() => plot.GetSvgXml(Width, Height);

    public byte[] Png() => plot.GetImageBytes(Width, Height, ImageFormat.Png);
}
