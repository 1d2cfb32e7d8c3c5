using Harness.Plan;
using Harness.Price;

namespace Harness.Tests.Price;

public sealed class PriceTableReaderTests
{
    [Fact]
    public void The_shipped_price_table_reads_with_a_source_and_date_on_every_entry()
    {
        var table = PriceTableReader.ReadFile(PriceTableReader.DefaultPath(Path.Combine(TestAssets.RepositoryRoot, "scenarios")));

        Assert.Equal(0.08925, table.Instances["aws-c7i-large"].OnDemand.Value, 10);
        Assert.Equal("1x NVIDIA A10G 24 GB", table.Instances["aws-g5-xlarge"].Gpu);
        Assert.Equal(80, table.Devices["raspberry-pi-5-8gb"].PurchaseUsd);
        Assert.Equal(7, table.Devices["raspberry-pi-5-8gb"].Load.Value);
        Assert.Equal(TimeSpan.FromMilliseconds(30), table.Deployments["cloud-region"].RoundTrip);
        Assert.Equal(TimeSpan.Zero, table.Deployments["on-device"].RoundTrip);
        var provenances = table.Instances.Values.Select(i => i.Provenance)
            .Concat(table.Devices.Values.Select(d => d.Provenance))
            .Concat(table.Electricity.Values.Select(e => e.Provenance))
            .Concat(table.Deployments.Values.Select(d => d.Provenance));
        Assert.All(provenances, p => Assert.False(string.IsNullOrWhiteSpace(p.Source) || string.IsNullOrWhiteSpace(p.Date)));
    }

    [Theory]
    [InlineData("    on_demand: $-0.1/h", "5:16", "a price cannot be negative")]
    [InlineData("    on_demand: 0.089", "5:16", "expected a price in dollars with its unit, such as $0.089/h")]
    [InlineData("    on_demand: $0.089/month", "5:16", "expected a price in dollars with its unit")]
    [InlineData("    on_demmand: $0.089/h", "5:5", "unknown key 'on_demmand' in instances entry 'small' (did you mean 'on_demand'?)")]
    public void A_bad_price_is_refused_where_it_stands(string line, string position, string message)
    {
        var error = Assert.Throws<ScenarioException>(() => PriceTableReader.Read(Instance(line), "p.yaml"));

        Assert.StartsWith($"p.yaml:{position}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_price_without_a_date_is_refused()
    {
        var text = Instance("    on_demand: $0.089/h").Replace("    date: 2026-11\n", string.Empty, StringComparison.Ordinal);

        var error = Assert.Throws<ScenarioException>(() => PriceTableReader.Read(text, "p.yaml"));

        Assert.Contains("missing the required key 'date'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_whose_load_draw_is_below_idle_is_refused()
    {
        const string text = "version: 1\ndevices:\n  pi:\n    price: $80\n    lifetime_months: 36\n    idle: 5W\n    load: 3W\n    source: s\n    date: d\n";

        var error = Assert.Throws<ScenarioException>(() => PriceTableReader.Read(text, "p.yaml"));

        Assert.StartsWith("p.yaml:7:11: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("below its idle draw", error.Message, StringComparison.Ordinal);
    }

    private static string Instance(string priceLine) =>
        $"version: 1\ninstances:\n  small:\n    cores: 2\n{priceLine}\n    memory_gib: 4\n    source: s\n    date: 2026-11\n";
}
