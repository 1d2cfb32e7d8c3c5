using System.Globalization;
using Spectre.Console;

namespace Harness.Reports.Writers;

/// <summary>
/// Per model and target, each variant's file size against the source, how many nodes the rewriter
/// changed, its single-stream p50 and speed-up, its accuracy and drop, its fidelity to the
/// reference's outputs, and the verdict.
/// </summary>
internal static class ConsoleVariantTable
{
    public static Table Build(IReadOnlyList<VariantComparison> comparisons)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]variants against {VariantComparison.Reference}[/]");
        foreach (var column in new[] { "model", "variant", "target", "size", "rewritten", "single-stream p50", "accuracy (drop, points)", $"fidelity to {VariantComparison.Reference}", "verdict" })
        {
            table.AddColumn(column);
        }

        foreach (var comparison in comparisons)
        {
            foreach (var row in comparison.Rows)
            {
                table.AddRow(
                    Markup.Escape(comparison.Model),
                    Markup.Escape(row.Variant),
                    Markup.Escape(comparison.Target),
                    Markup.Escape(Size(row)),
                    row.Made is null ? "-" : row.Made.Transformed.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(Speed(row)),
                    Markup.Escape(Accuracy(row)),
                    Markup.Escape(Fidelity(row)),
                    Verdict(row.Verdict));
            }
        }

        return table;
    }

    internal static string Size(VariantRow row) => row.Made is { } made
        ? $"{Mib(made.SizeBytes)} MiB {Percent(made.SizeRatio)}"
        : row.Verdict.IsReference ? "as given" : "-";

    internal static string Speed(VariantRow row) => row.P50Ms is not { } p50
        ? "-"
        : row.SpeedUp is { } speedUp
            ? $"{Number(p50)} ms {speedUp.ToString("0.00", CultureInfo.InvariantCulture)}×"
            : $"{Number(p50)} ms";

    internal static string Accuracy(VariantRow row)
    {
        if (row.Accuracy is not { } headline)
        {
            return "-";
        }

        var text = $"{headline.Metric} {headline.Value.ToString("0.000", CultureInfo.InvariantCulture)}";
        text = row.Drop is { } drop ? $"{text} (drop {(drop * 100).ToString("0.0;-0.0;0.0", CultureInfo.InvariantCulture)})" : text;
        return row.VersusTwin is { } twin ? $"{text}; {ConsoleAccuracyTable.Twin(twin)}" : text;
    }

    /// <summary>Argmax agreement only where a row is a class vector; the relative error where it was recorded.</summary>
    internal static string Fidelity(VariantRow row)
    {
        if (row.Fidelity is not { } fidelity)
        {
            return "-";
        }

        var said = new List<string>();
        if (fidelity.RowLength != 1)
        {
            said.Add($"agree {Percent(fidelity.ArgmaxAgreement)}");
        }

        said.Add($"cos {fidelity.MeanCosine.ToString("0.000", CultureInfo.InvariantCulture)}");
        if (fidelity.MaxRelError is { } maxRel)
        {
            said.Add($"max rel {Percent(maxRel)}");
        }

        return string.Join(" ", said);
    }

    internal static string Verdict(VariantVerdict verdict)
    {
        if (verdict.IsReference)
        {
            return "reference";
        }

        if (verdict.Failure is { } failure)
        {
            return $"[red]failed: {Markup.Escape(failure)}[/]";
        }

        if (verdict.Kept)
        {
            return "[green]kept[/]";
        }

        var said = new List<string>();
        if (verdict.RejectedForAccuracy)
        {
            said.Add("[red]rejected: accuracy[/]");
        }

        if (verdict.RejectedForFidelity is { } fidelity)
        {
            said.Add($"[red]rejected: {Markup.Escape(fidelity)}[/]");
        }

        if (verdict.Speed == SpeedVerdict.Slower)
        {
            said.Add($"[yellow]slower ({verdict.TimeRatio!.Value.ToString("0.0", CultureInfo.InvariantCulture)}× the time)[/]");
        }
        else if (verdict.Speed == SpeedVerdict.NoFaster)
        {
            said.Add("[yellow]no faster[/]");
        }

        return string.Join("; ", said);
    }

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
}
