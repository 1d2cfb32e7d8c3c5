using System.Xml.Linq;
using Harness.Reports;
using Harness.Reports.Charts;
using ScottPlot;
using ScottPlot.Plottables;

namespace Harness.Tests.Reports;

/// <summary>
/// The charts drawn from the report model, rendered for real through ScottPlot and SkiaSharp. Each
/// chart's marks are checked on its plot (what it draws, where), not on its pixels.
/// </summary>
public sealed class ReportChartsTests
{
    private static readonly RunReport Report = RunReport.From(RunResultsFixture.RunWithChartData());

    private static readonly IReadOnlyList<ReportChart> Charts = ReportCharts.Of(Report);

    [Fact]
    public void Should_Draw_Every_Chart_The_Figures_Allow_In_Reading_Order()
    {
        // det has one batch size, no accuracy and no price: only its percentile curves.
        Assert.Equal(
            [
                "accuracy-latency-cls-cpu", "cost-cls", "break-even-cls",
                "latency-percentiles-cls-single-stream", "latency-percentiles-cls-offline-b4", "latency-percentiles-cls-server-qps200", "latency-percentiles-det-single-stream",
                "throughput-latency", "batch-latency-cls", "batch-throughput-cls", "accuracy-slices-cls-cpu", "accuracy-drift-cls-cpu",
            ],
            Charts.Select(c => c.Name));
    }

    [Fact]
    public void Should_Render_Each_Chart_As_Svg_With_Marks_And_As_Png()
    {
        foreach (var chart in Charts)
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

    [Fact]
    public void Should_Size_Pareto_Markers_By_Cost_Once_Priced()
    {
        var markers = Plottables<Marker>("accuracy-latency-cls-cpu");
        var costs = Report.Pareto.Select(p => p.CostPerMillionUsd!.Value).ToList();

        // Area in proportion to dollars: size² / cost is the same for every variant, the costliest the largest.
        Assert.Equal(costs.IndexOf(costs.Max()), markers.Select(m => m.MarkerSize).ToList().IndexOf(markers.Max(m => m.MarkerSize)));
        Assert.All(markers.Zip(costs), p => Assert.Equal(28 * 28 / costs.Max(), p.First.MarkerSize * p.First.MarkerSize / p.Second, 1e-3 * 28 * 28 / costs.Max()));
        Assert.Contains("area: $ per 1M", Svg("accuracy-latency-cls-cpu"), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Draw_Latency_And_Throughput_Against_Batch_Size_On_A_Log2_Axis()
    {
        var latency = Plottables<Scatter>("batch-latency-cls").Single(s => s.LegendText == "fp32");
        var throughput = Plottables<Scatter>("batch-throughput-cls").Single(s => s.LegendText == "fp32");

        // fp32 ran single-stream (batch 1, p50 2 ms) and offline at batch 4 (p50 6.5 ms).
        Assert.Equal([(0.0, 2.0), (2.0, 6.5)], Points(latency).Select(p => (p.X, p.Y)));
        Assert.Equal(500, Points(throughput)[0].Y, 1e-9);
        Assert.Equal(1000 / 6.5 * 4, Points(throughput)[1].Y, 1e-9);
        Assert.Equal(4, Plottables<Scatter>("batch-latency-cls").Count);
    }

    [Fact]
    public void Should_Place_Each_Variant_On_Every_Slice_And_The_Whole_Dataset()
    {
        var dots = Plottables<Markers>("accuracy-slices-cls-cpu");

        Assert.Equal(["fp32", "int8-static", "fp16", "int8-dynamic"], dots.Select(d => d.LegendText));
        var fp32 = Points(dots[0]).Select(p => Math.Round(p.X, 6));
        Assert.Equal([0.995, 0.999, 0.991, 0.985, 0.995], fp32);
        Assert.Contains("font=DejaVuSerif", Svg("accuracy-slices-cls-cpu"), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Place_Each_Variant_Clean_And_Under_Each_Drift()
    {
        var dots = Plottables<Markers>("accuracy-drift-cls-cpu");

        Assert.All(dots, d => Assert.Equal(2, Points(d).Count));
        Assert.Equal([0.9975, 0.9475], Points(dots.Single(d => d.LegendText == "int8-static")).Select(p => Math.Round(p.X, 6)));
        Assert.Contains("noise 0.1", Svg("accuracy-drift-cls-cpu"), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Rank_Priced_Options_By_Cost_And_Leave_Unpriced_Ones_Out()
    {
        var dots = Plottables<Markers>("cost-cls").SelectMany(Points).OrderByDescending(p => p.Y).Select(p => p.X).ToList();

        Assert.Equal(dots.Order(), dots);
        Assert.Equal(Report.Costs.Single(c => c.Model == "cls").Rows.Count, dots.Count);
        Assert.DoesNotContain(Charts, c => c.Name == "cost-det");
    }

    [Fact]
    public void Should_Draw_Fleet_Costs_That_Cross_At_The_Recorded_Break_Even()
    {
        var curves = Plottables<Scatter>("break-even-cls");
        var (cloud, edge) = (Points(curves[0]), Points(curves[1]));
        var edgeCheaper = cloud.Zip(edge).Where(p => p.Second.Y < p.First.Y).Select(p => p.First.X).ToList();

        // Redrawn from the unit costs the results recorded, the curves change winner where the Price stage said.
        Assert.InRange(edgeCheaper.Max(), 366, 368.001);
        Assert.True(cloud.Zip(edge).Where(p => p.First.X > 368.001).All(p => p.Second.Y > p.First.Y), "the cloud stays cheaper past the break-even");
        Assert.Contains(Plottables<VerticalLine>("break-even-cls"), line => line.X == 368 && line.LabelText == "break-even 368 qps");
        Assert.Contains(Plottables<VerticalLine>("break-even-cls"), line => line.X == 300);
    }

    [Fact]
    public void Should_Give_A_Variant_One_Colour_In_Every_Chart()
    {
        var percentiles = Plottables<Scatter>("latency-percentiles-cls-single-stream").Single(s => s.LegendText == "int8-static").Color;
        var slices = Plottables<Markers>("accuracy-slices-cls-cpu").Single(s => s.LegendText == "int8-static").MarkerStyle.FillColor;
        var pareto = Plottables<Marker>("accuracy-latency-cls-cpu")[1].MarkerStyle.FillColor;

        Assert.Equal(percentiles, slices);
        Assert.Equal(percentiles, pareto);
        Assert.NotEqual(percentiles, Plottables<Scatter>("latency-percentiles-cls-single-stream").Single(s => s.LegendText == "fp32").Color);
    }

    [Fact]
    public void Should_Draw_Each_Probe_And_Mark_Those_Over_The_Latency_Objective()
    {
        var probes = Plottables<Scatter>("throughput-latency").Single();

        // The fixture's p99 is 1.75 times its p50: 2.2, 2.6 and 9.5 ms.
        Assert.Equal([(99.6, 3.85), (199.2, 4.55), (371.5, 16.625)], Points(probes).Select(p => (p.X, Math.Round(p.Y, 9))));
        Assert.Equal((371.5, 16.625), Plottables<Marker>("throughput-latency").Select(m => (m.X, Math.Round(m.Y, 9))).Single());
        Assert.Contains("white centre: over the latency objective", Svg("throughput-latency"), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Use_A_Log_Axis_Only_Where_Values_Span_Decades()
    {
        // cls single-stream runs from int8-static's 0.87 ms p50 to int8-dynamic's 28.5 ms p99.9; det is one curve within 3x.
        Assert.Equal("latency (ms, log scale)", Chart("latency-percentiles-cls-single-stream").Plot.Axes.Left.Label.Text);
        Assert.Equal("latency (ms)", Chart("latency-percentiles-det-single-stream").Plot.Axes.Left.Label.Text);
    }

    [Fact]
    public void Should_Draw_The_Roofline_Share_Only_When_Results_Carry_It()
    {
        Assert.DoesNotContain(Charts, c => c.Name == "roofline-share");

        var withRoofline = Report with { Roofline = [new RooflineShare("cls", "fp32", "cpu", "single-stream", 0.42), new RooflineShare("cls", "int8-static", "cpu", "single-stream", 0.17)] };
        var chart = ReportCharts.Of(withRoofline).Single(c => c.Name == "roofline-share");

        Assert.Equal([42.0, 17.0], chart.Plot.GetPlottables().OfType<BarPlot>().Single().Bars.Select(b => Math.Round(b.Value, 9)));
        Assert.Contains("42%", chart.Svg(), StringComparison.Ordinal);
    }

    private static ReportChart Chart(string name) => Charts.Single(c => c.Name == name);

    private static List<T> Plottables<T>(string chart) => [.. Chart(chart).Plot.GetPlottables().OfType<T>()];

    private static IReadOnlyList<Coordinates> Points(Scatter scatter) => scatter.Data.GetScatterPoints();

    private static IReadOnlyList<Coordinates> Points(Markers markers) => markers.Data.GetScatterPoints();

    private static string Svg(string chart) => Chart(chart).Svg();
}
