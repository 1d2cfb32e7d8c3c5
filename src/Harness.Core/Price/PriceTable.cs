namespace Harness.Price;

/// <summary>Where a price came from and when it was read: prices change, so every figure says how old it is.</summary>
public sealed record PriceSource(string Source, string Date);

/// <summary>A cloud instance type, priced by the hour.</summary>
/// <param name="Cores">vCPUs, as the provider counts them.</param>
/// <param name="Gpu">The accelerator, e.g. "1× NVIDIA A10G 24 GB"; null for a CPU instance.</param>
public sealed record CloudInstance(
    string Name,
    UsdPerHour OnDemand,
    UsdPerHour? Reserved,
    UsdPerHour? Spot,
    int Cores,
    double MemoryGiB,
    string? Gpu,
    string Region,
    PriceSource Provenance);

/// <summary>A device bought once and run at the edge: its price is spread over its lifetime, and it draws power.</summary>
public sealed record EdgeDevice(
    string Name,
    double PurchaseUsd,
    int LifetimeMonths,
    Watts Idle,
    Watts Load,
    PriceSource Provenance)
{
    /// <summary>The purchase price spread over every hour of the device's lifetime (730 hours a month: 8,760 a year / 12).</summary>
    public UsdPerHour Amortized => new(PurchaseUsd / (LifetimeMonths * PriceTable.HoursPerMonth));
}

/// <summary>The price of electricity in one region.</summary>
public sealed record ElectricityPrice(string Region, UsdPerKwh Price, PriceSource Provenance);

/// <summary>How far a user is from where the model runs: the network round trip added to every request.</summary>
public sealed record Deployment(string Name, TimeSpan RoundTrip, PriceSource Provenance);

/// <summary>
/// The versioned price file (<c>scenarios/prices.yaml</c>): instances, devices, electricity and
/// deployments by name. Every entry carries its source and date.
/// </summary>
public sealed record PriceTable(
    IReadOnlyDictionary<string, CloudInstance> Instances,
    IReadOnlyDictionary<string, EdgeDevice> Devices,
    IReadOnlyDictionary<string, ElectricityPrice> Electricity,
    IReadOnlyDictionary<string, Deployment> Deployments)
{
    /// <summary>Hours in an average month (8,760 / 12), the convention cloud providers price by.</summary>
    public const double HoursPerMonth = 730;
}
