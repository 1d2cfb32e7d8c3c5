using System.Globalization;
using Harness.Price;
using Harness.Results;
using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>
/// What each option costs, per model: dollars per million inferences of every variant on every
/// priced target; and where a model has a cloud and an edge option, the monthly cost of each fleet
/// as demand grows, with the break-even demand and the scenario's own demand marked.
/// </summary>
internal static class CostCharts
{
    /// <summary>How far past the last demand of interest (the break-even or the scenario's) the curves go.</summary>
    private const double DemandMargin = 1.6;

    private const int DemandSteps = 400;

    private const int MarkerEvery = 40;

    public static IEnumerable<ReportChart> Of(RunReport report, VariantColors colors)
    {
        foreach (var comparison in report.Costs)
        {
            var priced = comparison.Rows.Where(r => r.Option.CostPerMillionUsd is not null).ToList();
            if (priced.Count > 0)
            {
                yield return CostPerTarget(comparison.Model, priced, colors);
            }

            if (comparison.BreakEven is { } breakEven && FleetCurve.Of(comparison, breakEven.Cloud, report.Headroom) is { } cloud && FleetCurve.Of(comparison, breakEven.Edge, report.Headroom) is { } edge)
            {
                yield return BreakEvenChart(comparison.Model, breakEven, cloud, edge, report.DemandQps, colors);
            }
        }
    }

    private static ReportChart CostPerTarget(string model, List<CostRow> rows, VariantColors colors)
    {
        var log = ChartStyle.SpansDecades(rows.Select(r => r.Option.CostPerMillionUsd!.Value));
        var categories = rows.Select(r => $"{r.Option.Variant} on {r.Option.Target}").ToList();
        var series = rows.Select((r, i) => new DotSeries(
            r.Option.Variant,
            colors[r.Option.Variant],
            [.. categories.Select((_, j) => j == i ? r.Option.CostPerMillionUsd : null)])).ToList();
        var plot = DotChart.Draw(categories, series, log, spread: false);
        var placed = rows.Select(r => ChartStyle.Place(r.Option.CostPerMillionUsd!.Value, log)).ToList();

        // A linear axis starts at zero, so twice the dollars sits twice as far out.
        var low = log ? placed.Min() : 0;
        var span = Math.Max(1e-12, placed.Max() - low);
        for (var i = 0; i < rows.Count; i++)
        {
            var o = rows[i].Option;
            ChartStyle.NameBeside(
                plot,
                $"{Money.Format(o.CostPerMillionUsd!.Value)} ({o.Unit}{(rows[i].OnFrontier ? ", on the frontier" : string.Empty)})",
                placed[i],
                ChartStyle.Row(i, rows.Count),
                (placed[i] - low) / span,
                9);
        }

        plot.Axes.Margins(left: 0.05, right: 0.1);
        if (!log)
        {
            plot.Axes.SetLimitsX(0, placed.Max() * 1.1);
        }

        // Each row names its variant already; a legend would only repeat the names.
        return ChartStyle.Finish(plot, ChartStyle.Name("cost", model), $"Cost per million inferences: {model}", ChartStyle.AxisLabel("$ per 1M inferences, fully loaded", log), "variant on target", legend: false, height: ChartStyle.HeightFor(rows.Count));
    }

    private static ReportChart BreakEvenChart(string model, BreakEvenInfo breakEven, FleetCurve cloud, FleetCurve edge, double? demand, VariantColors colors)
    {
        var plot = new Plot();
        var largest = Math.Max(breakEven.DemandQps ?? 0, demand ?? 0);
        var upTo = Math.Min(breakEven.SearchedUpToQps, largest > 0 ? largest * DemandMargin : breakEven.SearchedUpToQps / 10);
        var demands = Enumerable.Range(0, DemandSteps + 1).Select(i => upTo * i / DemandSteps).ToArray();
        foreach (var (curve, shape) in new[] { (cloud, MarkerShape.FilledCircle), (edge, MarkerShape.FilledTriangleUp) })
        {
            // Both may be one variant, so one colour: a marker every few steps tells cloud from edge.
            var costs = demands.Select(curve.MonthlyUsd).ToArray();
            var line = plot.Add.Scatter(demands, costs);
            line.Color = colors[curve.Option.Variant];
            line.LineWidth = 2;
            line.MarkerSize = 0;
            var markers = plot.Add.Markers(
                demands.Where((_, i) => i % MarkerEvery == 0).ToArray(),
                costs.Where((_, i) => i % MarkerEvery == 0).ToArray(),
                shape,
                8,
                line.Color);
            markers.LegendText = $"{curve.Name}, {curve.Option.Kind}";
        }

        if (breakEven.DemandQps is { } qps)
        {
            var mark = plot.Add.VerticalLine(qps, 1.5f, Colors.Black);
            mark.LabelText = string.Create(CultureInfo.InvariantCulture, $"break-even {qps:0.#} qps");
            mark.LegendText = mark.LabelText;

            // Its name sits above the data, clear of the demand axis's numbers.
            mark.LabelOppositeAxis = true;
        }

        if (demand is { } d && d <= upTo)
        {
            // Named in the legend only: two names above the data would collide when the demands are close.
            var mark = plot.Add.VerticalLine(d, 1.5f, Colors.Gray);
            mark.LegendText = string.Create(CultureInfo.InvariantCulture, $"demand {d:0.#} qps");
        }

        plot.Axes.SetLimitsX(0, upTo);
        return ChartStyle.Finish(plot, ChartStyle.Name("break-even", model), $"Edge against cloud: {model}", "demand (queries/s)", "fleet cost ($ per month)");
    }

    /// <summary>One priced option's fleet cost as a function of demand, from the unit costs the results recorded.</summary>
    private sealed record FleetCurve(string Name, PricedOption Option, UnitCost Unit, Capacity Capacity, double Headroom)
    {
        public static FleetCurve? Of(CostComparison comparison, string name, double headroom)
        {
            var option = comparison.Rows.Select(r => r.Option)
                .FirstOrDefault(o => o.Unit is not null && ServingOption.NameOf(o.Variant, o.Target, o.Unit) == name);
            return option is { InferencesPerSec: > 0, UnitIdleHourlyUsd: { } idle, UnitLoadedHourlyUsd: { } loaded }
                ? new FleetCurve(name, option, new RecordedUnitCost(option.Unit!, idle, loaded), new Capacity(option.InferencesPerSec.Value, option.Basis ?? string.Empty, option.UserP99Ms, option.CapacityValid), headroom)
                : null;
        }

        public double MonthlyUsd(double demandQps) => CostModel.FleetHourlyUsd(Unit, demandQps, Headroom, Capacity) * PriceTable.HoursPerMonth;
    }
}
