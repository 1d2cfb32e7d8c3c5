using Harness.Results;

namespace Harness.Reports;

/// <summary>
/// What a run's report says, decided once from its <see cref="RunResults"/>: the speed of every
/// measurement, the quality of every accuracy job, and each variant against the reference with its
/// speed-up, accuracy drop and verdict. Every <see cref="Writers.IReportWriter"/> reads this and
/// only formats it, so two formats can never disagree about a verdict.
/// </summary>
/// <param name="Speed">Latency and throughput measurements, in run order (not accuracy or fidelity jobs).</param>
/// <param name="Accuracy">Accuracy jobs, in run order.</param>
/// <param name="Variants">Per model and target that has variants, each variant against the reference.</param>
/// <param name="Gates">Every measurement's checks, in run order.</param>
/// <param name="Pareto">Each variant by single-stream p99 and accuracy, with its place on the Pareto frontier.</param>
/// <param name="Source">The scenario file the run was planned from, and the harness that ran it.</param>
/// <param name="Environment">The machine and runtime the run measured on.</param>
public sealed record RunReport(
    string Scenario,
    string RunId,
    IReadOnlyList<SpeedRow> Speed,
    IReadOnlyList<AccuracyRow> Accuracy,
    IReadOnlyList<VariantComparison> Variants,
    IReadOnlyList<MeasurementGate> Gates,
    IReadOnlyList<ParetoPoint> Pareto,
    (ScenarioInfo Scenario, HarnessInfo Harness, DateTimeOffset StartedAt) Source,
    EnvironmentInfo Environment)
{
    /// <summary>Per model, its priced options ranked by cost with the Pareto frontier and break-even; empty when nothing was priced.</summary>
    public IReadOnlyList<CostComparison> Costs { get; init; } = [];

    /// <summary>The demand the cost figures size fleets for; null when the scenario named none.</summary>
    public double? DemandQps { get; init; }

    /// <summary>The latency bound users were promised (p99 plus round trip), where the scenario priced against one.</summary>
    public double? SloMs { get; init; }

    /// <summary>The spare capacity fleets are sized with (1.25 = 25% spare); 1 when nothing was priced.</summary>
    public double Headroom { get; init; } = 1;

    /// <summary>
    /// Each measurement's achieved share of its roofline (the bound its hardware's peak compute and
    /// memory bandwidth set); empty until results carry roofline figures, and then the chart shows them.
    /// </summary>
    public IReadOnlyList<RooflineShare> Roofline { get; init; } = [];

    /// <summary>
    /// For a run merged from shards that ran on unlike nodes: which node measured which shards, said
    /// once at the top, since figures from two kinds of machine are not one machine's; null otherwise.
    /// </summary>
    public string? UnlikeNodes { get; init; }

    /// <summary>Each target's fingerprint and how its figures came about; empty for results written before targets were recorded.</summary>
    public IReadOnlyList<TargetEnvironment> Targets { get; init; } = [];

    /// <summary>Emulated measurements projected onto their devices (targets with <c>projected: true</c>); empty otherwise.</summary>
    public IReadOnlyList<ProjectedRow> Projected { get; init; } = [];

    /// <summary>A fidelity job measures no speed; its figures show in <see cref="Variants"/>.</summary>
    private static readonly string FidelityLoad = Plan.LoadNames.Of(Plan.LoadKind.Fidelity);

    public static RunReport From(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var costs = CostComparison.AllOf(results.Pricing);
        return new RunReport(
            results.Scenario.Name,
            results.RunId,
            [.. results.Measurements.Where(m => m.Accuracy is null && m.Load.Scenario != FidelityLoad).Select(SpeedRow.From)],
            [.. results.Measurements.Where(m => m.Accuracy is not null).Select(AccuracyRow.From)],
            VariantComparison.AllOf(results.Measurements),
            [.. results.Measurements.Select(MeasurementGate.Of)],
            [.. ParetoPoint.AllOf(results.Measurements).Select(p => p with { CostPerMillionUsd = CostOf(costs, p) })],
            (results.Scenario, results.Harness, results.StartedAt),
            results.Environment)
        {
            Costs = costs,
            DemandQps = results.Pricing?.DemandQps,
            SloMs = results.Pricing?.SloMs,
            Headroom = results.Pricing?.Headroom ?? 1,
            UnlikeNodes = results.Merged is { UnlikeNodes: true } merged ? DescribeNodes(merged) : null,
            Targets = results.Targets ?? [],
            Projected = [.. results.Measurements.Select(ProjectedRow.From).OfType<ProjectedRow>()],
        };
    }

    private static double? CostOf(IReadOnlyList<CostComparison> costs, ParetoPoint point) =>
        costs.Where(c => c.Model == point.Model).SelectMany(c => c.Rows)
            .FirstOrDefault(r => r.Option.Variant == point.Variant && r.Option.Target == point.Target)?.Option.CostPerMillionUsd;

    private static string DescribeNodes(MergeInfo merged) =>
        $"measured on {merged.Nodes.Count} unlike nodes: "
        + string.Join("; ", merged.Nodes.Select(n => $"{n.Fingerprint} ({n.Environment.Cpu}, {n.Environment.Cores} cores) ran shard{(n.Shards.Count == 1 ? string.Empty : "s")} {string.Join(", ", n.Shards)}"))
        + "; each measurement's node is in results.json, compare figures only between measurements of one node";

    /// <summary>The measurements that did not pass their checks, for a report's warnings.</summary>
    public IEnumerable<MeasurementGate> Warnings => Gates.Where(g => g.Outcome != GateOutcome.Passed);
}
