namespace Harness.Price;

/// <summary>
/// The arithmetic that turns a measured capacity and a unit's price into the answers an architect
/// asks for. Pure functions, checked against hand-computed cases in the tests.
/// </summary>
public static class CostModel
{
    /// <summary>Dollars per million inferences with the unit fully loaded: the best case of each option.</summary>
    public static double CostPerMillion(UnitCost unit, Capacity capacity)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var perSecond = RequirePositive(capacity);
        return unit.HourlyUsd(1) / (perSecond * 3600) * 1_000_000;
    }

    /// <summary>Joules per inference at full load, where the unit's power is known.</summary>
    public static double? JoulesPerInference(UnitCost unit, Capacity capacity)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return unit.PowerAt(1) is { } watts ? watts.Value / RequirePositive(capacity) : null;
    }

    /// <summary>
    /// Units needed to serve <paramref name="demandQps"/> with <paramref name="headroom"/> (1.25 = 25%
    /// spare): demand × headroom / capacity, rounded up. No demand needs no unit.
    /// </summary>
    public static int FleetSize(double demandQps, double headroom, Capacity capacity)
    {
        CheckDemand(demandQps, headroom);
        var perUnit = RequirePositive(capacity);
        var needed = Math.Ceiling(demandQps * headroom / perUnit - 1e-9);
        return needed > int.MaxValue
            ? throw new PriceException($"a demand of {demandQps:0.#} qps needs more than {int.MaxValue:N0} units of {perUnit:0.##} inferences/s each")
            : (int)Math.Max(0, needed);
    }

    /// <summary>
    /// What serving <paramref name="demandQps"/> costs per hour with the fleet <see cref="FleetSize"/>
    /// gives: each unit carries an equal share of the demand, so a device draws power for that share.
    /// </summary>
    public static double FleetHourlyUsd(UnitCost unit, double demandQps, double headroom, Capacity capacity)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var units = FleetSize(demandQps, headroom, capacity);
        if (units == 0)
        {
            return 0;
        }

        var utilization = demandQps / (units * capacity.InferencesPerSecond);
        return units * unit.HourlyUsd(utilization);
    }

    /// <summary>The latency a user sees: the measured p99 plus the network round trip to where the model runs.</summary>
    public static double? UserLatencyMs(Capacity capacity, Deployment? deployment)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        return capacity.P99Ms is { } p99 ? p99 + (deployment?.RoundTrip.TotalMilliseconds ?? 0) : null;
    }

    internal static void CheckDemand(double demandQps, double headroom)
    {
        if (!double.IsFinite(demandQps) || demandQps < 0)
        {
            throw new PriceException($"the demand must be a finite rate of 0 or more queries per second, not {demandQps}");
        }

        if (!double.IsFinite(headroom) || headroom < 1)
        {
            throw new PriceException($"the headroom must be a factor of at least 1 (1.25 = 25% spare capacity), not {headroom}");
        }
    }

    private static double RequirePositive(Capacity capacity)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        return capacity.InferencesPerSecond > 0 && double.IsFinite(capacity.InferencesPerSecond)
            ? capacity.InferencesPerSecond
            : throw new PriceException($"no throughput was measured ({capacity.Basis}), so this option cannot serve any demand");
    }
}
