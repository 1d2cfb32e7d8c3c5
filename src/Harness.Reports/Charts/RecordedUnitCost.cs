using Harness.Price;

namespace Harness.Reports.Charts;

/// <summary>
/// A unit known only by what a results file recorded of it: its hourly cost idle and fully loaded.
/// Both of the price model's units are linear between the two (an instance is flat, a device's
/// power rises with load), so the fleet cost the Price stage computed is redrawn exactly.
/// </summary>
internal sealed record RecordedUnitCost(string UnitName, double IdleHourlyUsd, double LoadedHourlyUsd) : UnitCost(UnitName)
{
    public override double HourlyUsd(double utilization) => IdleHourlyUsd + ((LoadedHourlyUsd - IdleHourlyUsd) * Math.Clamp(utilization, 0, 1));

    public override Watts? PowerAt(double utilization) => null;
}
