using Harness.Price;

namespace Harness.Tests.Price;

/// <summary>The cost arithmetic against cases worked out by hand (the working is in each test's comments).</summary>
public sealed class CostModelTests
{
    private static readonly PriceSource Source = new("test", "2026-11");
    private static readonly CloudInstance Instance = new("c7i-large", new UsdPerHour(0.08925), null, null, 2, 4, null, "us-east-1", Source);
    private static readonly EdgeDevice Pi = new("pi5", 80, 36, new Watts(2.7), new Watts(7), Source);
    private static readonly ElectricityPrice Power = new("us", new UsdPerKwh(0.1648), Source);

    private static Capacity Rate(double perSecond, double? p99 = null) => new(perSecond, "test", p99, Valid: true);

    [Fact]
    public void A_cloud_instance_costs_its_hourly_price_over_the_inferences_it_does_in_an_hour()
    {
        // 0.08925 $/h ÷ (250/s × 3600 s/h) × 1e6 = 0.08925 ÷ 0.9 = 0.0991667 $ per million.
        Assert.Equal(0.0991667, CostModel.CostPerMillion(UnitCost.For(Instance), Rate(250)), 6);
    }

    [Fact]
    public void A_device_costs_its_price_spread_over_its_lifetime_plus_its_power_at_load()
    {
        // Amortised: 80 $ ÷ (36 months × 730 h) = 0.00304414 $/h. Power: 7 W = 0.007 kW × 0.1648 $/kWh = 0.0011536 $/h.
        // 0.00419774 $/h ÷ (20/s × 3600) × 1e6 = 0.0583020 $ per million.
        var pi = UnitCost.For(Pi, Power);

        Assert.Equal(0.00304414, Pi.Amortized.Value, 8);
        Assert.Equal(0.00419774, pi.HourlyUsd(1), 8);
        Assert.Equal(0.0583020, CostModel.CostPerMillion(pi, Rate(20)), 6);
    }

    [Fact]
    public void A_devices_power_rises_from_idle_to_load_with_utilisation()
    {
        var pi = UnitCost.For(Pi, Power);

        Assert.Equal(2.7, pi.PowerAt(0)!.Value.Value, 10);
        Assert.Equal(4.85, pi.PowerAt(0.5)!.Value.Value, 10); // 2.7 + (7 − 2.7) × 0.5
        Assert.Equal(7, pi.PowerAt(1)!.Value.Value, 10);
        Assert.Null(UnitCost.For(Instance).PowerAt(1));
    }

    [Fact]
    public void Energy_per_inference_is_the_load_power_over_the_rate()
    {
        Assert.Equal(0.35, CostModel.JoulesPerInference(UnitCost.For(Pi, Power), Rate(20))!.Value, 10); // 7 W ÷ 20/s
        Assert.Null(CostModel.JoulesPerInference(UnitCost.For(Instance), Rate(20)));
    }

    [Theory]
    [InlineData(500, 1.25, 20, 32)] // 500 × 1.25 ÷ 20 = 31.25 → 32
    [InlineData(400, 1.25, 20, 25)] // exactly 25.0 stays 25
    [InlineData(1, 1.0, 1000, 1)]   // any demand needs a whole unit
    [InlineData(0, 1.5, 20, 0)]     // no demand, no fleet
    public void A_fleet_is_demand_times_headroom_over_capacity_rounded_up(double demand, double headroom, double capacity, int expected)
    {
        Assert.Equal(expected, CostModel.FleetSize(demand, headroom, Rate(capacity)));
    }

    [Fact]
    public void A_fleet_of_devices_draws_power_for_the_share_of_demand_each_carries()
    {
        // 400 qps × 1.25 ÷ 20 = 25 devices, each at 400 ÷ (25 × 20) = 80% utilisation:
        // 2.7 + 4.3 × 0.8 = 6.14 W → 0.00614 kW × 0.1648 = 0.001011872 $/h; plus 0.00304414 amortised = 0.004056012 $/h; × 25 = 0.1014003 $/h.
        Assert.Equal(0.1014003, CostModel.FleetHourlyUsd(UnitCost.For(Pi, Power), 400, 1.25, Rate(20)), 6);

        // Instances cost the same busy or idle: 32 × 0.08925 = 2.856 $/h for 500 qps at 250/s each with 1.25 headroom... 500 × 1.25 ÷ 250 = 2.5 → 3 instances.
        Assert.Equal(3 * 0.08925, CostModel.FleetHourlyUsd(UnitCost.For(Instance), 500, 1.25, Rate(250)), 10);
    }

    [Fact]
    public void What_a_user_sees_is_the_p99_plus_the_round_trip()
    {
        var cloud = new Deployment("cloud-region", TimeSpan.FromMilliseconds(30), Source);

        Assert.Equal(42, CostModel.UserLatencyMs(Rate(250, p99: 12), cloud));
        Assert.Equal(12, CostModel.UserLatencyMs(Rate(250, p99: 12), null));
        Assert.Null(CostModel.UserLatencyMs(Rate(250), cloud));
    }

    [Fact]
    public void An_option_with_no_throughput_says_it_cannot_serve_instead_of_dividing_by_zero()
    {
        var none = new Capacity(0, "offline throughput at batch 1", null, Valid: false);

        var error = Assert.Throws<PriceException>(() => CostModel.FleetSize(100, 1.25, none));
        Assert.Contains("cannot serve any demand", error.Message, StringComparison.Ordinal);
        Assert.Throws<PriceException>(() => CostModel.CostPerMillion(UnitCost.For(Instance), none));
    }

    [Theory]
    [InlineData(-1, 1.25, "demand")]
    [InlineData(double.NaN, 1.25, "demand")]
    [InlineData(100, 0.8, "headroom")]
    public void A_negative_demand_or_a_headroom_below_one_is_refused(double demand, double headroom, string named)
    {
        var error = Assert.Throws<PriceException>(() => CostModel.FleetSize(demand, headroom, Rate(20)));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
