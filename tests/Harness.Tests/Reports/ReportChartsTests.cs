using System.Xml.Linq;
using Harness.Reports;
using Harness.Reports.Charts;

namespace Harness.Tests.Reports;

/// <summary>The charts drawn from the report model, rendered for real through ScottPlot and SkiaSharp.</summary>
public sealed class ReportChartsTests
{
    private static readonly RunReport Report = RunReport.From(RunResultsFixture.RunWithProbes());

    [Fact]
    public void Should_Draw_Percentile_Curves_Per_Model_Probes_And_The_Pareto_Chart()
    {
        Assert.Equal(
            ["latency-percentiles-cls", "latency-percentiles-det", "throughput-latency", "accuracy-latency-cls-cpu"],
            ReportCharts.Of(Report).Select(c => c.Name));
    }

    [Fact]
    public void Should_Render_Each_Chart_As_Svg_With_Marks_And_As_Png()
    {
        foreach (var chart in ReportCharts.Of(Report))
        {
            var svg = XDocument.Parse(chart.Svg());
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            Assert.True(svg.Descendants().Count(e => e.Name.LocalName is "path" or "polyline" or "circle" or "line") > 10, $"{chart.Name} has marks");
            Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "text" && e.Value.Contains(chart.Title, StringComparison.Ordinal));
            var png = chart.Png();
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        }
    }

    [Fact]
    public void Should_Put_Only_Undominated_Variants_On_The_Pareto_Frontier()
    {
        // int8-static is fastest and most accurate: it dominates fp32, fp16 and the rejected int8-dynamic.
        Assert.Equal(
            [("fp32", false), ("int8-static", true), ("fp16", false), ("int8-dynamic", false)],
            Report.Pareto.Select(p => (p.Variant, p.OnFrontier)));
    }
}
