using System.Globalization;
using Harness.Results;
using Spectre.Console;

namespace Harness.Reports.Writers;

/// <summary>The quality table: headline with its interval, the other metrics, and the worst slice.</summary>
public static class ConsoleAccuracyTable
{
    internal static Table Build(IReadOnlyList<AccuracyRow> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]accuracy[/]");
        foreach (var column in new[] { "model", "variant", "target", "dataset", "headline (95% interval)", "other metrics", "worst slice", "samples", "samples/s" })
        {
            table.AddColumn(column);
        }

        foreach (var a in rows)
        {
            table.AddRow(
                Markup.Escape(a.Model),
                Markup.Escape(a.Variant),
                Markup.Escape(a.Target),
                Markup.Escape(a.Dataset),
                Markup.Escape(Headline(a.Headline)) + (a.Rejected ? " [red]rejected[/]" : string.Empty) + (a.VersusTwin is { } twin ? "\n" + Markup.Escape(Twin(twin)) : string.Empty),
                Markup.Escape(string.Join("  ", a.OtherMetrics.Select(p => $"{p.Key} {Number(p.Value)}"))),
                Markup.Escape(Slice(a.WorstSlice)),
                a.Scored.ToString(CultureInfo.InvariantCulture) + (a.FailedSamples > 0 ? $" ([red]{a.FailedSamples} failed[/])" : string.Empty),
                a.SamplesPerSec.ToString("0.0", CultureInfo.InvariantCulture));
        }

        return table;
    }

    /// <summary>One plain-text line for the progress log.</summary>
    public static string Describe(AccuracyRow a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return $"{Headline(a.Headline)}  worst slice {Slice(a.WorstSlice)}  {a.Samples} samples at {a.SamplesPerSec.ToString("0.0", CultureInfo.InvariantCulture)}/s" +
            (a.FailedSamples > 0 ? $", {a.FailedSamples} failed" : string.Empty);
    }

    internal static string Headline(HeadlineMetric h) => $"{h.Metric} {Number(h.Value)} [{Number(h.Lower)}, {Number(h.Upper)}]";

    /// <summary>The student's gain over its hard-label twin in points, with the paired interval: "vs mlp-hard +0.8 [+0.3, +1.4] points".</summary>
    internal static string Twin(TwinComparison twin) =>
        $"vs {twin.Twin} {Points(twin.Difference)} [{Points(twin.Lower)}, {Points(twin.Upper)}] points";

    internal static string Slice(WorstSlice? worst) => worst is null ? "-" : $"{worst.Attribute}={worst.Key}: {Number(worst.Value)} (n={worst.Count})";

    private static string Points(double fraction) => (fraction * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
