namespace Harness.Price;

/// <summary>
/// What one unit (a cloud instance or an edge device) costs per hour as a function of how busy it
/// is. An instance costs the same idle or busy; a device's purchase is spread over its lifetime
/// and its power draw rises from idle to load with utilisation.
/// </summary>
public abstract record UnitCost(string Name)
{
    /// <summary>The cost of one unit for an hour at <paramref name="utilization"/> (0 = idle, 1 = fully loaded).</summary>
    public abstract double HourlyUsd(double utilization);

    /// <summary>Power draw at <paramref name="utilization"/>; null where it is not known (a cloud instance).</summary>
    public abstract Watts? PowerAt(double utilization);

    public static UnitCost For(CloudInstance instance) => new InstanceCost(instance);

    public static UnitCost For(EdgeDevice device, ElectricityPrice electricity) => new DeviceCost(device, electricity);
}

public sealed record InstanceCost(CloudInstance Instance) : UnitCost(Instance.Name)
{
    public override double HourlyUsd(double utilization) => Instance.OnDemand.Value;

    public override Watts? PowerAt(double utilization) => null;
}

public sealed record DeviceCost(EdgeDevice Device, ElectricityPrice Electricity) : UnitCost(Device.Name)
{
    public override double HourlyUsd(double utilization) =>
        Device.Amortized.Value + (PowerAt(utilization)!.Value.Value / 1000.0 * Electricity.Price.Value);

    /// <summary>Linear between idle and load draw, the usual first-order model of a device's power.</summary>
    public override Watts? PowerAt(double utilization)
    {
        var u = Math.Clamp(utilization, 0, 1);
        return new Watts(Device.Idle.Value + ((Device.Load.Value - Device.Idle.Value) * u));
    }
}
