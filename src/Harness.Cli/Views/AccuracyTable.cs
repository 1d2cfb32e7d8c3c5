using System.Globalization;
using Harness.Results;
using Spectre.Console;

namespace Harness.Cli.Views;

/// <summary>The quality table a run ends with when it evaluated accuracy: headline with its interval, and the worst slice.</summary>
internal static class AccuracyTable
{
    public static Table? Build(RunResults results)
    {
        var rows = results.Measurements.Where(m => m.Accuracy is not null).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]accuracy[/]");
        foreach (var column in new[] { "model", "variant", "target", "dataset", "headline (95% interval)", "other metrics", "worst slice", "samples", "samples/s" })
        {
            table.AddColumn(column);
        }

        foreach (var m in rows)
        {
            var a = m.Accuracy!;
            var others = string.Join("  ", a.Metrics.Where(p => p.Key != a.Headline.Metric).Select(p => $"{p.Key} {Number(p.Value)}"));
            table.AddRow(
                Markup.Escape(m.Model),
                Markup.Escape(m.Variant),
                Markup.Escape(m.Target),
                Markup.Escape(a.Dataset),
                Markup.Escape(Headline(a.Headline)) + (a.Rejected ? " [red]rejected[/]" : string.Empty),
                Markup.Escape(others),
                Markup.Escape(WorstSlice(a) ?? "-"),
                (a.Samples - a.FailedSamples).ToString(CultureInfo.InvariantCulture) + (a.FailedSamples > 0 ? $" ([red]{a.FailedSamples} failed[/])" : string.Empty),
                a.SamplesPerSec.ToString("0.0", CultureInfo.InvariantCulture));
        }

        return table;
    }

    /// <summary>One line for the progress log.</summary>
    public static string Describe(AccuracyInfo a) =>
        $"{Headline(a.Headline)}  worst slice {WorstSlice(a) ?? "-"}  {a.Samples} samples at {a.SamplesPerSec.ToString("0.0", CultureInfo.InvariantCulture)}/s" +
        (a.FailedSamples > 0 ? $", {a.FailedSamples} failed" : string.Empty);

    private static string Headline(HeadlineMetric h) => $"{h.Metric} {Number(h.Value)} [{Number(h.Lower)}, {Number(h.Upper)}]";

    /// <summary>The worst group across all slice attributes, named by attribute (class=3, font=DejaVuSansMono).</summary>
    private static string? WorstSlice(AccuracyInfo a)
    {
        var worst = a.Slices.Where(t => t.Worst is not null)
            .Select(t => (t.Attribute, Row: t.Worst!))
            .OrderBy(t => a.Headline.HigherIsBetter ? t.Row.Value : -t.Row.Value)
            .FirstOrDefault();
        return worst.Row is null ? null : $"{worst.Attribute}={worst.Row.Key}: {Number(worst.Row.Value)} (n={worst.Row.Count})";
    }

    private static string Number(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
