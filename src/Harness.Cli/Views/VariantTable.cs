using System.Globalization;
using Harness.Evaluate.Metrics;
using Harness.Plan;
using Harness.Results;
using Spectre.Console;

namespace Harness.Cli.Views;

/// <summary>
/// The side-by-side a run with variants ends with: per model and target, each variant's file size
/// against the source, how many nodes the rewriter changed, its single-stream p50 against fp32's,
/// its accuracy against fp32's and its fidelity to fp32's outputs. A variant that is slower or was
/// rejected for accuracy says so in the last column; none is left out.
/// </summary>
internal static class VariantTable
{
    private const string Reference = JobPlanner.ReferenceVariant;

    public static Table? Build(RunResults results)
    {
        var groups = results.Measurements
            .GroupBy(m => (m.Model, m.Target))
            .Where(g => g.Any(m => m.VariantInfo is not null))
            .ToList();
        if (groups.Count == 0)
        {
            return null;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]variants against fp32[/]");
        foreach (var column in new[] { "model", "variant", "target", "size", "rewritten", "single-stream p50", "accuracy (drop, points)", "fidelity to fp32", "verdict" })
        {
            table.AddColumn(column);
        }

        foreach (var group in groups)
        {
            var reference = Summarize(group.Where(m => m.Variant == Reference));
            foreach (var variant in group.GroupBy(m => m.Variant))
            {
                var row = Summarize(variant);
                var against = variant.Key == Reference ? null : reference;
                table.AddRow(
                    Markup.Escape(group.Key.Model),
                    Markup.Escape(variant.Key),
                    Markup.Escape(group.Key.Target),
                    Markup.Escape(Size(row.Info)),
                    row.Info is null ? "-" : row.Info.Transformed.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(Speed(row.P50, against?.P50)),
                    Markup.Escape(Accuracy(row.Accuracy, against?.Accuracy)),
                    Markup.Escape(Fidelity(row.Fidelity)),
                    Verdict(row, against));
            }
        }

        return table;
    }

    private sealed record Row(VariantInfo? Info, double? P50, AccuracyInfo? Accuracy, FidelityInfo? Fidelity);

    private static Row Summarize(IEnumerable<MeasurementResult> measurements)
    {
        var list = measurements.ToList();
        var singleStream = list.FirstOrDefault(m => m.Load.Scenario == "single-stream" && m.Load.BatchSize == 1 && m.LatencyMs is not null);
        return new Row(
            list.Select(m => m.VariantInfo).FirstOrDefault(i => i is not null),
            singleStream?.LatencyMs?.P50,
            list.Select(m => m.Accuracy).FirstOrDefault(a => a is not null),
            list.SelectMany(m => m.Fidelity ?? []).FirstOrDefault());
    }

    private static string Size(VariantInfo? info) => info is null
        ? "as given"
        : $"{Mib(info.SizeBytes)} MiB {Percent((double)info.SizeBytes / info.SourceSizeBytes)}";

    private static string Speed(double? p50, double? reference) => p50 is not { } value
        ? "-"
        : reference is { } fp32 && value > 0
            ? $"{Number(value)} ms {(fp32 / value).ToString("0.00", CultureInfo.InvariantCulture)}×"
            : $"{Number(value)} ms";

    private static string Accuracy(AccuracyInfo? accuracy, AccuracyInfo? reference)
    {
        if (accuracy is null)
        {
            return "-";
        }

        var text = $"{accuracy.Headline.Metric} {accuracy.Headline.Value.ToString("0.000", CultureInfo.InvariantCulture)}";
        if (reference is null || reference.Headline.Metric != accuracy.Headline.Metric)
        {
            return text;
        }

        var drop = AccuracyDrop.Between(accuracy.Headline.Metric, DirectionOf(accuracy.Headline), reference.Headline.Value, accuracy.Headline.Value).Absolute;
        return $"{text} (drop {(drop * 100).ToString("0.0;-0.0;0.0", CultureInfo.InvariantCulture)})";
    }

    private static MetricDirection DirectionOf(HeadlineMetric headline) =>
        headline.HigherIsBetter ? MetricDirection.HigherIsBetter : MetricDirection.LowerIsBetter;

    private static string Fidelity(FidelityInfo? fidelity) => fidelity is null
        ? "-"
        : $"agree {Percent(fidelity.ArgmaxAgreement)} cos {fidelity.MeanCosine.ToString("0.000", CultureInfo.InvariantCulture)}";

    private static string Verdict(Row row, Row? reference)
    {
        if (reference is null)
        {
            return "reference";
        }

        var said = new List<string>();
        if (row.Accuracy is { Rejected: true })
        {
            said.Add("[red]rejected: accuracy[/]");
        }

        // Within 5% of fp32 is "no faster": single-stream medians of one short run move that much.
        if (row.P50 is { } p50 && reference.P50 is { } fp32 && p50 > 0.95 * fp32)
        {
            said.Add(p50 > 1.05 * fp32
                ? $"[yellow]slower ({(p50 / fp32).ToString("0.0", CultureInfo.InvariantCulture)}× the time)[/]"
                : "[yellow]no faster[/]");
        }

        return said.Count == 0 ? "[green]kept[/]" : string.Join("; ", said);
    }

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
}
