namespace Harness.Results;

/// <summary>
/// The run priced: every model variant on every priced target, and where edge and cloud options
/// exist for a model, the demand at which one becomes cheaper than the other.
/// </summary>
/// <param name="Table">The price file the figures come from.</param>
/// <param name="DemandQps">The demand fleets were sized for; null when the scenario named none.</param>
public sealed record PricingInfo(string Table, double? DemandQps, double Headroom, IReadOnlyList<PricedOption> Options, IReadOnlyList<BreakEvenInfo> BreakEvens)
{
    /// <summary>The latency bound users were promised (p99 plus round trip), where the scenario set one.</summary>
    public double? SloMs { get; init; }
}

/// <summary>
/// One variant on one target, priced. A figure that cannot be had is null with
/// <see cref="Unpriced"/> saying why: never a zero cost.
/// </summary>
/// <param name="Unit">The instance or device the target is priced as.</param>
/// <param name="Kind">"cloud" or "edge".</param>
/// <param name="Basis">Which measurement the sustained rate comes from.</param>
/// <param name="Provenance">How the figures were obtained: <c>measured</c>, or the target's label (<c>emulated on &lt;host CPU&gt;</c>).</param>
/// <param name="Accuracy">The variant's headline accuracy on this target, where an accuracy job ran.</param>
public sealed record PricedOption(
    string Model,
    string Variant,
    string Target,
    string? Unit,
    string? Kind,
    double? InferencesPerSec,
    string? Basis,
    bool CapacityValid,
    double? CostPerMillionUsd,
    double? JoulesPerInference,
    int? FleetSize,
    double? FleetMonthlyUsd,
    double? UserP99Ms,
    string? Deployment,
    string Provenance,
    string? PriceDate,
    double? Accuracy,
    string? Unpriced)
{
    /// <summary>One unit's cost per hour idle, so a reader can draw the fleet's cost at any demand; null for files written before it was recorded.</summary>
    public double? UnitIdleHourlyUsd { get; init; }

    /// <summary>One unit's cost per hour fully loaded (a device draws more power busy; an instance costs the same).</summary>
    public double? UnitLoadedHourlyUsd { get; init; }
}

/// <summary>The cheapest cloud option against the cheapest edge option of a model.</summary>
public sealed record BreakEvenInfo(string Model, string Cloud, string Edge, string CheaperAtLowDemand, string CheaperAtHighDemand, double? DemandQps, double SearchedUpToQps);
