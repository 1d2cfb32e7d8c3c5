using System.Globalization;

namespace Harness.Reports.Charts;

/// <summary>
/// Where a variant's quality holds and where it gives way, per model and target: the headline on
/// every slice group (font, class…) beside the whole dataset's, and under each synthetic drift
/// beside clean data.
/// </summary>
internal static class QualityCharts
{
    public const string AllData = "all data";

    public const string Clean = "clean";

    public static IEnumerable<ReportChart> Of(RunReport report, VariantColors colors)
    {
        foreach (var group in report.Accuracy.GroupBy(a => (a.Model, a.Target)))
        {
            var rows = group.ToList();
            if (rows.Any(r => r.Slices.Count > 0))
            {
                yield return Slices(group.Key.Model, group.Key.Target, rows, colors);
            }

            if (rows.Any(r => r.Shifts.Count > 0))
            {
                yield return Drift(group.Key.Model, group.Key.Target, rows, colors);
            }
        }
    }

    private static ReportChart Slices(string model, string target, List<AccuracyRow> rows, VariantColors colors)
    {
        var groups = rows.SelectMany(r => r.Slices.SelectMany(t => t.Groups.Select(g => (t.Attribute, g.Key)))).Distinct().ToList();
        var categories = new[] { AllData }.Concat(groups.Select(g => $"{g.Attribute}={g.Key}")).ToList();
        var series = rows.Select(r => new DotSeries(
            r.Variant,
            colors[r.Variant],
            [r.Headline.Value, .. groups.Select(g => r.Slices.FirstOrDefault(t => t.Attribute == g.Attribute)?.Groups.FirstOrDefault(x => x.Key == g.Key)?.Value)])).ToList();
        return ChartStyle.Finish(
            DotChart.Draw(categories, series),
            ChartStyle.Name("accuracy-slices", model, target),
            $"{Metric(rows)} per slice: {model} on {target}",
            Metric(rows) + Direction(rows),
            "slice",
            height: ChartStyle.HeightFor(categories.Count));
    }

    private static ReportChart Drift(string model, string target, List<AccuracyRow> rows, VariantColors colors)
    {
        var shifts = rows.SelectMany(r => r.Shifts.Select(s => (s.Kind, s.Strength))).Distinct().ToList();
        var categories = new[] { Clean }.Concat(shifts.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Kind} {s.Strength:0.###}"))).ToList();
        var series = rows.Select(r => new DotSeries(
            r.Variant,
            colors[r.Variant],
            [r.Headline.Value, .. shifts.Select(s => r.Shifts.FirstOrDefault(x => x.Kind == s.Kind && x.Strength == s.Strength)?.Value)])).ToList();
        return ChartStyle.Finish(
            DotChart.Draw(categories, series),
            ChartStyle.Name("accuracy-drift", model, target),
            $"{Metric(rows)} under drift: {model} on {target}",
            Metric(rows) + Direction(rows),
            "data (drift and its strength)",
            height: ChartStyle.HeightFor(categories.Count));
    }

    private static string Metric(List<AccuracyRow> rows) => rows[0].Headline.Metric;

    private static string Direction(List<AccuracyRow> rows) => rows[0].Headline.HigherIsBetter ? " (higher is better)" : " (lower is better)";
}
