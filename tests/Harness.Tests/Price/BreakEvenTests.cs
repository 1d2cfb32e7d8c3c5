using Harness.Price;

namespace Harness.Tests.Price;

/// <summary>Break-even demand between step-shaped fleet costs, on cases worked out by hand.</summary>
public sealed class BreakEvenTests
{
    private static readonly PriceSource Source = new("test", "2026-11");
    private static readonly ElectricityPrice FreePower = new("free", new UsdPerKwh(0), Source);

    private static ServingOption Cloud(double hourly, double capacity) =>
        new("cloud", UnitCost.For(new CloudInstance("cloud", new UsdPerHour(hourly), null, null, 2, 4, null, "r", Source)), new Capacity(capacity, "test", null, true));

    /// <summary>A device whose whole cost is its amortised price (no power), so its hourly cost is exact.</summary>
    private static ServingOption Edge(double hourly, double capacity) =>
        new("edge", UnitCost.For(new EdgeDevice("edge", hourly * 12 * PriceTable.HoursPerMonth, 12, new Watts(0), new Watts(0), Source), FreePower), new Capacity(capacity, "test", null, true));

    [Fact]
    public void An_option_cheaper_per_inference_and_per_unit_wins_everywhere()
    {
        // Cloud: ⌈D/100⌉ × $1. Edge: ⌈D/20⌉ × $0.1, i.e. $0.5 per 100 qps: cheaper at every demand.
        var result = BreakEven.Find(Cloud(1, 100), Edge(0.1, 20), headroom: 1);

        Assert.Equal("edge", result.CheaperAtLowDemand);
        Assert.Equal("edge", result.CheaperAtHighDemand);
        Assert.Null(result.DemandQps);
    }

    [Fact]
    public void Small_units_win_small_demand_and_the_last_crossing_is_the_break_even()
    {
        // Cloud ⌈D/100⌉ × $1; edge ⌈D/20⌉ × $0.3 ($1.5 per 100 qps). Edge is cheaper up to 60 qps
        // (3 devices $0.9 < $1), cloud from 60 to 100, edge again on (100, 120] ($1.8 < $2), and
        // cloud for good above 120: on (100k, 100k + 20], edge costs 1.5k + 0.3 against k + 1, cheaper only for k = 1.
        var result = BreakEven.Find(Cloud(1, 100), Edge(0.3, 20), headroom: 1);

        Assert.Equal("edge", result.CheaperAtLowDemand);
        Assert.Equal("cloud", result.CheaperAtHighDemand);
        Assert.Equal(120, result.DemandQps!.Value, 6);
    }

    [Fact]
    public void Headroom_shrinks_each_units_share_of_the_demand()
    {
        // Headroom 2 halves what each unit may carry: the same crossings at half the demand.
        var result = BreakEven.Find(Cloud(1, 100), Edge(0.3, 20), headroom: 2);

        Assert.Equal(60, result.DemandQps!.Value, 6);
    }

    [Fact]
    public void An_option_with_no_throughput_has_no_break_even()
    {
        Assert.Throws<PriceException>(() => BreakEven.Find(Cloud(1, 0), Edge(0.3, 20), headroom: 1));
    }
}
