using System.Globalization;
using Harness.Price;
using Spectre.Console;

namespace Harness.Reports.Writers;

/// <summary>
/// The decision view on the console: per model, every option ranked by dollars per million
/// inferences, with the fleet a demand needs, what a user waits, and the accuracy kept; then the
/// edge-versus-cloud break-even. Unpriced options say why instead of showing a zero cost.
/// </summary>
internal static class ConsoleCostTable
{
    public static Table Build(CostComparison comparison, double? demandQps)
    {
        // Costs rest on the target's figures: an emulated target's row says so.
        static string TargetCell(Results.PricedOption o) => o.Provenance != Results.FigureKinds.Measured ? $"{o.Target} ({o.Provenance})" : o.Target;

        var fleet = demandQps is { } demand ? string.Create(CultureInfo.InvariantCulture, $"units for {demand:0.#} qps") : "units";
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]cost: {Markup.Escape(comparison.Model)}[/]");
        foreach (var column in new[] { "#", "variant", "target", "priced as" })
        {
            table.AddColumn(column);
        }

        foreach (var column in new[] { "inferences/s", "$ per 1M", "J/inference", fleet, "$ per month", "user p99 ms", "accuracy" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        table.AddColumn("frontier");
        foreach (var row in comparison.Rows)
        {
            var o = row.Option;
            if (o.Unpriced is { } why)
            {
                table.AddRow(["-", Markup.Escape(o.Variant), Markup.Escape(TargetCell(o)), $"[grey]unpriced: {Markup.Escape(why)}[/]", Number(o.InferencesPerSec), "-", "-", "-", "-", Number(o.UserP99Ms), Number(o.Accuracy), string.Empty]);
                continue;
            }

            table.AddRow(
                row.Rank.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(o.Variant),
                Markup.Escape(TargetCell(o)),
                Markup.Escape($"{o.Unit} ({o.Kind}, {o.PriceDate})"),
                Number(o.InferencesPerSec) + (o.CapacityValid ? string.Empty : " [yellow](invalid run)[/]"),
                Dollars(o.CostPerMillionUsd),
                Number(o.JoulesPerInference),
                o.FleetSize?.ToString(CultureInfo.InvariantCulture) ?? "-",
                Dollars(o.FleetMonthlyUsd),
                Number(o.UserP99Ms),
                Number(o.Accuracy),
                row.OnFrontier ? "yes" : string.Empty);
        }

        if (comparison.BreakEven is { } b)
        {
            table.Caption(Markup.Escape(b.DemandQps is { } qps
                ? string.Create(CultureInfo.InvariantCulture, $"break-even: {b.CheaperAtLowDemand} is cheaper at low demand; {b.CheaperAtHighDemand} from {qps:0.#} qps on (searched to {b.SearchedUpToQps:0} qps)")
                : string.Create(CultureInfo.InvariantCulture, $"no break-even up to {b.SearchedUpToQps:0} qps: {b.CheaperAtLowDemand} is cheaper throughout")));
        }

        return table;
    }

    private static string Dollars(double? value) => value is { } v ? Markup.Escape(Money.Format(v)) : "-";

    internal static string Number(double? value) => value switch
    {
        null => "-",
        < 10 => value.Value.ToString("0.000", CultureInfo.InvariantCulture),
        < 1000 => value.Value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0", CultureInfo.InvariantCulture),
    };
}
