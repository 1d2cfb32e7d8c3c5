using System.Globalization;
using Harness.Price;
using Harness.Results;
using Spectre.Console;

namespace Harness.Reports.Writers;

/// <summary>A report table as plain cell text, for the file formats that draw tables (Markdown, HTML).</summary>
/// <param name="LeftColumns">How many leading columns hold words (left-aligned); the rest hold figures.</param>
internal sealed record TextTable(string Title, IReadOnlyList<string> Columns, int LeftColumns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The speed, accuracy, variant and cost tables with the console tables' own cell text, so every format
/// shows the same figures the same way; a table with no rows is left out.
/// </summary>
internal static class ReportTables
{
    public static IEnumerable<TextTable> Of(RunReport report)
    {
        if (report.Speed.Count > 0)
        {
            yield return new TextTable(
                "Speed",
                ["model", "variant", "target", "load", "status", "p50 ms", "p90 ms", "p99 ms", "queries/s", "samples/s", "cold ms", "RSS MiB", "GFLOP/s", "roofline"],
                5,
                [
                    .. report.Speed.Select(r => new[]
                    {
                        r.Model, r.Variant, r.TargetCell, r.Load, r.Status,
                        ConsoleSpeedTable.Figure(r.P50Ms), ConsoleSpeedTable.Figure(r.P90Ms), ConsoleSpeedTable.Figure(r.P99Ms),
                        ConsoleSpeedTable.Figure(r.QueriesPerSec), ConsoleSpeedTable.Figure(r.SamplesPerSec),
                        ConsoleSpeedTable.Figure(r.ColdStartMs), ConsoleSpeedTable.Figure(r.PeakRssMiB),
                        ConsoleSpeedTable.Figure(r.AchievedGflops), ConsoleSpeedTable.Share(r.RooflineShare),
                    }),
                ]);
        }

        if (Projected(report) is { } projected)
        {
            yield return projected;
        }

        if (report.Accuracy.Count > 0)
        {
            yield return new TextTable(
                "Accuracy",
                ["model", "variant", "target", "dataset", "headline (95% interval)", "other metrics", "worst slice", "samples", "samples/s"],
                7,
                [
                    .. report.Accuracy.Select(a => new[]
                    {
                        a.Model, a.Variant, a.Target, a.Dataset,
                        ConsoleAccuracyTable.Headline(a.Headline) + (a.Rejected ? " rejected" : string.Empty) + (a.VersusTwin is { } twin ? "; " + ConsoleAccuracyTable.Twin(twin) : string.Empty),
                        string.Join(", ", a.OtherMetrics.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:0.000}"))),
                        ConsoleAccuracyTable.Slice(a.WorstSlice),
                        a.Scored.ToString(CultureInfo.InvariantCulture) + (a.FailedSamples > 0 ? $" ({a.FailedSamples} failed)" : string.Empty),
                        a.SamplesPerSec.ToString("0.0", CultureInfo.InvariantCulture),
                    }),
                ]);
        }

        if (report.Variants.Count > 0)
        {
            yield return new TextTable(
                $"Variants against {VariantComparison.Reference}",
                ["model", "variant", "target", "size", "rewritten", "single-stream p50", "accuracy (drop, points)", $"fidelity to {VariantComparison.Reference}", "verdict"],
                int.MaxValue,
                [
                    .. report.Variants.SelectMany(c => c.Rows.Select(row => new[]
                    {
                        c.Model, row.Variant, c.Target,
                        ConsoleVariantTable.Size(row),
                        row.Made is null ? "-" : row.Made.Transformed.ToString(CultureInfo.InvariantCulture),
                        ConsoleVariantTable.Speed(row), ConsoleVariantTable.Accuracy(row), ConsoleVariantTable.Fidelity(row),
                        Markup.Remove(ConsoleVariantTable.Verdict(row.Verdict)),
                    })),
                ]);
        }

        foreach (var comparison in report.Costs)
        {
            yield return Cost(comparison, report.DemandQps);
        }

        if (report.Targets.Count > 0)
        {
            yield return new TextTable(
                "Targets",
                ["target", "figures", "fingerprint", "emulates", "CPU", "flags", "cores", "memory MiB", "OS, kernel", ".NET, ONNX Runtime", "provider", "GPU"],
                int.MaxValue,
                [.. report.Targets.Select(TargetCells)]);
        }
    }

    /// <summary>
    /// Projected figures in a table of their own: estimates made from measured ones and published
    /// peaks, so they never sit in a column a reader takes for measured.
    /// </summary>
    public static TextTable? Projected(RunReport report) => report.Projected.Count == 0
        ? null
        : new TextTable(
            $"Projected onto devices ({FigureKinds.Projected}: emulated latency × this machine's roof / the device's published roof; estimates, not measurements; sources in results.json)",
            ["model", "variant", "target", "load", "device", "bound", "roof here / device GFLOP/s", "factor", "projected p50 ms", "projected p99 ms", "projected samples/s"],
            6,
            [
                .. report.Projected.Select(r => new[]
                {
                    r.Model, r.Variant, r.Target, r.Load, r.Device, r.Bound,
                    $"{ConsoleSpeedTable.Figure(r.HostGflops)} / {ConsoleSpeedTable.Figure(r.DeviceGflops)}",
                    r.Factor.ToString("0.00", CultureInfo.InvariantCulture) + "×",
                    ConsoleSpeedTable.Figure(r.P50Ms), ConsoleSpeedTable.Figure(r.P99Ms), ConsoleSpeedTable.Figure(r.SamplesPerSec),
                }),
            ]);

    /// <summary>One target's environment as cells: what its figures are, and what they were measured on.</summary>
    public static string[] TargetCells(TargetEnvironment t)
    {
        var f = t.Fingerprint;
        return
        [
            t.Target, t.Figures, f.Hash,
            t.Emulates is { } e ? string.Create(CultureInfo.InvariantCulture, $"{e.Device} ('{e.Profile}'), {e.CoresUsed} of its {e.Cores} cores, {e.MemoryBytes >> 20} MiB") : "-",
            f.Cpu, f.CpuFlags.Count == 0 ? "-" : string.Join(" ", f.CpuFlags),
            f.Cores.ToString(CultureInfo.InvariantCulture), (f.MemoryBytes >> 20).ToString(CultureInfo.InvariantCulture),
            $"{f.Os}, {f.Kernel}", $"{f.Dotnet}, {f.OnnxRuntime}", f.ExecutionProvider,
            f.Gpu is { } g ? $"{g.Name}{(g.MemoryBytes is { } m ? string.Create(CultureInfo.InvariantCulture, $" {m >> 30} GiB") : string.Empty)}{(g.Driver is { } d ? ", driver " + d : string.Empty)}" : "-",
        ];
    }

    /// <summary>The console's cost table as text: every option ranked by dollars per million inferences; an unpriced one says why.</summary>
    private static TextTable Cost(CostComparison comparison, double? demandQps)
    {
        var fleet = demandQps is { } demand ? string.Create(CultureInfo.InvariantCulture, $"units for {demand:0.#} qps") : "units";
        return new TextTable(
            $"Cost: {comparison.Model}",
            ["#", "variant", "target", "priced as", "inferences/s", "$ per 1M", "J/inference", fleet, "$ per month", "user p99 ms", "accuracy", "frontier"],
            4,
            [
                .. comparison.Rows.Select(row => row.Option is { Unpriced: { } why } o
                    ? new[] { "-", o.Variant, o.Target, "unpriced: " + why, ConsoleCostTable.Number(o.InferencesPerSec), "-", "-", "-", "-", ConsoleCostTable.Number(o.UserP99Ms), ConsoleCostTable.Number(o.Accuracy), string.Empty }
                    : [
                        row.Rank.ToString(CultureInfo.InvariantCulture), row.Option.Variant, row.Option.Target, $"{row.Option.Unit} ({row.Option.Kind}, {row.Option.PriceDate})",
                        ConsoleCostTable.Number(row.Option.InferencesPerSec) + (row.Option.CapacityValid ? string.Empty : " (invalid run)"),
                        Dollars(row.Option.CostPerMillionUsd), ConsoleCostTable.Number(row.Option.JoulesPerInference),
                        row.Option.FleetSize?.ToString(CultureInfo.InvariantCulture) ?? "-", Dollars(row.Option.FleetMonthlyUsd),
                        ConsoleCostTable.Number(row.Option.UserP99Ms), ConsoleCostTable.Number(row.Option.Accuracy), row.OnFrontier ? "yes" : string.Empty,
                    ]),
            ]);
    }

    private static string Dollars(double? value) => value is { } v ? Money.Format(v) : "-";

    /// <summary>The summary's lines: the best variant per objective for each comparison, the cheapest option and the edge-or-cloud break-even of each priced model, then how many measurements did not pass.</summary>
    public static IEnumerable<string> Summary(RunReport report)
    {
        foreach (var comparison in report.Variants)
        {
            var best = comparison.Best;
            yield return $"Best for {comparison.Model} on {comparison.Target}: fastest {Pick(best.Fastest)}, smallest {Pick(best.Smallest)}, most accurate {Pick(best.MostAccurate)}.";
        }

        foreach (var line in report.Costs.SelectMany(cost => CostSummary(cost, report.SloMs)))
        {
            yield return line;
        }

        var warnings = report.Warnings.Count();
        yield return warnings == 0
            ? "Every measurement ran, is valid and passed its checks."
            : string.Create(CultureInfo.InvariantCulture, $"{warnings} of {report.Gates.Count} measurements did not pass:");
    }

    /// <summary>A priced model's answers in a line each: its cheapest option, whether any meets the latency bound, and where edge and cloud cross.</summary>
    public static IEnumerable<string> CostSummary(CostComparison cost, double? sloMs)
    {
        ArgumentNullException.ThrowIfNull(cost);
        if (cost.Rows.FirstOrDefault(r => r.Rank == 1) is { } cheapest)
        {
            yield return $"Cheapest for {cost.Model}: {cheapest.Option.Variant} on {cheapest.Option.Target} at {Money.Format(cheapest.Option.CostPerMillionUsd!.Value)} per million inferences.";
        }

        if (NoneServes(cost, sloMs) is { } none)
        {
            yield return none;
        }

        if (cost.BreakEven is { } b)
        {
            yield return b.DemandQps is { } qps
                ? string.Create(CultureInfo.InvariantCulture, $"Edge or cloud for {cost.Model}: {b.CheaperAtLowDemand} is cheaper at low demand, {b.CheaperAtHighDemand} from {qps:0.#} queries/s on.")
                : string.Create(CultureInfo.InvariantCulture, $"Edge or cloud for {cost.Model}: {b.CheaperAtLowDemand} is cheaper at every demand up to {b.SearchedUpToQps:0} queries/s.");
        }
    }

    private static string Pick(string? variant) => variant ?? "(not measured)";

    /// <summary>Said plainly where every option of a model is over the latency bound: which one came closest, and by how much.</summary>
    private static string? NoneServes(CostComparison cost, double? sloMs)
    {
        if (sloMs is not { } slo || cost.Rows.Count == 0 || cost.Rows.Any(r => r.Option.Unpriced is null)
            || !cost.Rows.All(r => r.Option.Unpriced?.StartsWith("cannot serve within", StringComparison.Ordinal) == true))
        {
            return null;
        }

        var closest = cost.Rows.Select(r => r.Option).Where(o => o.UserP99Ms is not null).MinBy(o => o.UserP99Ms!.Value);
        return closest is null
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"No option serves {cost.Model} within the {slo:0.##} ms SLO, at any demand: the closest, {closest.Variant} on {closest.Target}, gives users a p99 of {closest.UserP99Ms:0.##} ms.");
    }
}
