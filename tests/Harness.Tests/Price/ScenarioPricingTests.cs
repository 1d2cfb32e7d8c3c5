using Harness.Plan;
using Harness.Price;
using Harness.Reports;
using Harness.Results;

namespace Harness.Tests.Price;

/// <summary>Prices in a scenario: read and checked against the table before anything runs, then applied to a run's measurements.</summary>
public sealed class ScenarioPricingTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("pricing");

    public ScenarioPricingTests() => File.WriteAllBytes(Path.Combine(folder, "m.onnx"), [1]);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Scenario Parse(string targets, string pricing = "pricing:\n  demand: 500\n  headroom: 1.25\n") =>
        ScenarioParser.Parse($"version: 1\nmodels:\n  - name: m\n    path: m.onnx\n{pricing}targets:\n{targets}", Path.Combine(folder, "s.yaml"));

    private const string CloudAndEdge =
        "  - name: cloud\n    price: { instance: aws-c7i-large }\n    deployment: cloud-region\n" +
        "  - name: pi\n    price: { device: raspberry-pi-5-8gb, electricity: us-commercial }\n    deployment: edge-lan\n" +
        "  - name: bare\n";

    [Fact]
    public void Targets_name_their_instance_device_and_deployment_from_the_shipped_table()
    {
        var scenario = Parse(CloudAndEdge);

        Assert.Equal(new TargetPrice("aws-c7i-large", null, null, "cloud-region"), scenario.Targets[0].Price);
        Assert.Equal(new TargetPrice(null, "raspberry-pi-5-8gb", "us-commercial", "edge-lan"), scenario.Targets[1].Price);
        Assert.Null(scenario.Targets[2].Price);
        Assert.Equal(500, scenario.Pricing!.DemandQps);
        Assert.Equal(1.25, scenario.Pricing.Headroom);
    }

    [Fact]
    public void A_scenario_without_prices_is_not_priced()
    {
        Assert.Null(Parse("  - name: cpu\n", pricing: string.Empty).Pricing);
    }

    [Theory]
    [InlineData("  - name: c\n    price: { instance: aws-c7i-larg }\n", "'instance' in targets[0].price is 'aws-c7i-larg' (did you mean 'aws-c7i-large'?)")]
    [InlineData("  - name: c\n    price: { instance: aws-c7i-large, device: raspberry-pi-5-8gb }\n", "either an 'instance'")]
    [InlineData("  - name: c\n    deployment: moon\n", "'deployment' in targets[0] is 'moon'")]
    public void A_price_the_table_does_not_hold_is_refused_where_it_stands(string targets, string message)
    {
        var error = Assert.Throws<ScenarioException>(() => Parse(targets));

        Assert.Matches(@":\d+:\d+: ", error.Message);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_demand_is_refused()
    {
        var error = Assert.Throws<ScenarioException>(() => Parse("  - name: c\n", "pricing:\n  demand: -5\n"));

        Assert.Contains("expected a rate of 0 or more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_is_priced_per_option_with_a_break_even_and_unpriced_targets_say_why()
    {
        var scenario = Parse(CloudAndEdge);
        MeasurementResult Offline(string target, double samplesPerSec, double p99) => new(
            $"m/fp32/{target}/offline-b8", "m", "fp32", target, new LoadInfo("offline", 8, 1), MeasurementStatus.Ok, null,
            new LatencySummary(100, 1, 0.1, 1, 1, 1, 1, p99, p99, p99), new ThroughputInfo(samplesPerSec / 8, samplesPerSec), null, null, new ValidityInfo(true, []), null);

        var pricing = RunPricing.Price(scenario, [Offline("cloud", 250, 10), Offline("pi", 20, 40), Offline("bare", 100, 12)])!;

        var cloud = pricing.Options.Single(o => o.Target == "cloud");
        Assert.Equal(0.08925 / (250 * 3600) * 1e6, cloud.CostPerMillionUsd!.Value, 9);
        Assert.Equal(3, cloud.FleetSize); // 500 × 1.25 ÷ 250 = 2.5
        Assert.Equal(40, cloud.UserP99Ms); // 10 ms + the 30 ms cloud round trip
        var pi = pricing.Options.Single(o => o.Target == "pi");
        Assert.Equal(32, pi.FleetSize); // 500 × 1.25 ÷ 20 = 31.25
        Assert.Equal(7 / 20.0, pi.JoulesPerInference!.Value, 10);
        Assert.Equal("edge", pi.Kind);
        var bare = pricing.Options.Single(o => o.Target == "bare");
        Assert.Null(bare.CostPerMillionUsd);
        Assert.Contains("has no price", bare.Unpriced, StringComparison.Ordinal);
        var breakEven = Assert.Single(pricing.BreakEvens);
        Assert.Equal("m", breakEven.Model);

        var costs = Assert.Single(CostComparison.AllOf(pricing));
        Assert.Equal([1, 2, 0], costs.Rows.Select(r => r.Rank));
        Assert.All(costs.Rows.Where(r => r.Rank > 0), r => Assert.True(r.OnFrontier)); // the cheaper one is slower for the user
    }

    [Fact]
    public void A_latency_bound_no_option_meets_is_said_plainly_and_prices_no_fleet()
    {
        var scenario = Parse(CloudAndEdge.Replace("  - name: bare\n", string.Empty, StringComparison.Ordinal), "pricing:\n  demand: 500\n  slo: 35ms\n");
        MeasurementResult Offline(string target, double samplesPerSec, double p99) => new(
            $"m/fp32/{target}/offline-b8", "m", "fp32", target, new LoadInfo("offline", 8, 1), MeasurementStatus.Ok, null,
            new LatencySummary(100, 1, 0.1, 1, 1, 1, 1, p99, p99, p99), new ThroughputInfo(samplesPerSec / 8, samplesPerSec), null, null, new ValidityInfo(true, []), null);

        // The cloud's 10 ms + 30 ms round trip and the Pi's 40 ms are both over 35 ms, however many units are bought.
        var pricing = RunPricing.Price(scenario, [Offline("cloud", 250, 10), Offline("pi", 20, 40)])!;

        Assert.Equal(35, pricing.SloMs);
        Assert.All(pricing.Options, o => Assert.Null(o.FleetSize));
        Assert.StartsWith("cannot serve within the 35 ms SLO: users would see a p99 of 40 ms (10 ms measured + 30 ms round trip)", pricing.Options.Single(o => o.Target == "cloud").Unpriced, StringComparison.Ordinal);
        Assert.Empty(pricing.BreakEvens);
        var report = RunReport.From(new RunResults(
            RunResults.SchemaV1, "r", new ScenarioInfo("s", "s.yaml", "0"), new HarnessInfo("1", "c"),
            new EnvironmentInfo("os", "cpu", 2, 1L << 30, ".NET", "1.30.0", []), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, [])
        {
            Pricing = pricing,
        });
        Assert.Contains(
            "No option serves m within the 35 ms SLO, at any demand: the closest, fp32 on cloud, gives users a p99 of 40 ms.",
            Harness.Reports.Writers.ReportTables.Summary(report));
    }

    [Fact]
    public void An_emulated_device_is_priced_by_its_profiles_entry_and_its_costs_say_they_rest_on_emulated_figures()
    {
        var scenario = Parse("  - { name: pi5, device: edge, profile: raspberry-pi-5 }\n");
        var measured = new MeasurementResult(
            "m/fp32/pi5/offline-b8", "m", "fp32", "pi5", new LoadInfo("offline", 8, 1), MeasurementStatus.Ok, null,
            new LatencySummary(100, 1, 0.1, 1, 1, 1, 1, 40, 40, 40), new ThroughputInfo(2.5, 20), null, null, new ValidityInfo(true, []), null)
        {
            Figures = "emulated on Test CPU",
        };

        var pi5 = Assert.Single(RunPricing.Price(scenario, [measured])!.Options);

        Assert.Equal(("raspberry-pi-5-8gb", "edge", "emulated on Test CPU"), (pi5.Unit, pi5.Kind, pi5.Provenance));
    }
}
