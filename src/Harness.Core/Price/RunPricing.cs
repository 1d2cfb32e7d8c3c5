using System.Globalization;
using Harness.Plan;
using Harness.Results;

namespace Harness.Price;

/// <summary>
/// The Price stage: after a run, turns every priced target's measured capacity into cost figures,
/// and for each model with both a cloud and an edge option, finds where their costs cross.
/// </summary>
public static class RunPricing
{
    public static PricingInfo? Price(Scenario scenario, IReadOnlyList<MeasurementResult> measurements)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(measurements);
        if (scenario.Pricing is not { } pricing)
        {
            return null;
        }

        var table = PriceTableReader.ReadFile(pricing.TablePath);
        var targets = scenario.Targets.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var options = new List<(PricedOption Row, ServingOption? Serving)>();
        foreach (var group in measurements.GroupBy(m => (m.Model, m.Variant, m.Target)))
        {
            if (!targets.TryGetValue(group.Key.Target, out var target) || target.Device == TargetDevice.NoOp)
            {
                continue;
            }

            options.Add(PriceOne(group.Key, group.ToList(), target.Price, table, pricing));
        }

        var breakEvens = new List<BreakEvenInfo>();
        foreach (var model in options.Where(o => o.Serving is not null).GroupBy(o => o.Row.Model))
        {
            var cloud = Cheapest(model, "cloud");
            var edge = Cheapest(model, "edge");
            if (cloud is not null && edge is not null)
            {
                var result = BreakEven.Find(cloud.Value.Serving!, edge.Value.Serving!, pricing.Headroom);
                breakEvens.Add(new BreakEvenInfo(model.Key, cloud.Value.Serving!.Name, edge.Value.Serving!.Name, result.CheaperAtLowDemand, result.CheaperAtHighDemand, result.DemandQps, result.SearchedUpToQps));
            }
        }

        return new PricingInfo(pricing.TablePath, pricing.DemandQps, pricing.Headroom, [.. options.Select(o => o.Row)], breakEvens) { SloMs = pricing.SloMs };
    }

    private static (PricedOption Row, ServingOption? Serving)? Cheapest(IEnumerable<(PricedOption Row, ServingOption? Serving)> options, string kind) =>
        options.Where(o => o.Row.Kind == kind && o.Row.CostPerMillionUsd is not null)
            .OrderBy(o => o.Row.CostPerMillionUsd)
            .Cast<(PricedOption, ServingOption?)?>()
            .FirstOrDefault();

    private static (PricedOption Row, ServingOption? Serving) PriceOne(
        (string Model, string Variant, string Target) key, List<MeasurementResult> group, TargetPrice? price, PriceTable table, PricingSpec pricing)
    {
        var accuracy = group.FirstOrDefault(m => m.Accuracy is not null)?.Accuracy?.Headline.Value;
        var deployment = price?.Deployment is { } d ? table.Deployments[d] : null;
        // An emulated target's costs rest on this machine's figures, and say so.
        var provenance = group.Select(m => m.Figures).FirstOrDefault(f => f is not null) ?? Results.FigureKinds.Measured;
        PricedOption Unpriced(string why, Capacity? capacity = null) => new(
            key.Model, key.Variant, key.Target, null, null, capacity?.InferencesPerSecond, capacity?.Basis, capacity?.Valid ?? false,
            null, null, null, null, capacity is null ? null : CostModel.UserLatencyMs(capacity, deployment), price?.Deployment, provenance, null, accuracy, why);

        var capacity = Capacity.Of(group);
        if (price?.Instance is null && price?.Device is null)
        {
            return (Unpriced($"target '{key.Target}' has no price; give it price: {{ instance: … }} or {{ device: … }} from the price table", capacity), null);
        }

        if (capacity is null)
        {
            return (Unpriced("no throughput was measured (single-stream, offline or a server peak), so there is nothing to price"), null);
        }

        // Adding units raises throughput, never lowers latency: an option slower than the bound serves no demand at all.
        if (pricing.SloMs is { } slo && CostModel.UserLatencyMs(capacity, deployment) is { } userP99 && userP99 > slo)
        {
            var roundTrip = deployment?.RoundTrip.TotalMilliseconds ?? 0;
            return (Unpriced(string.Create(CultureInfo.InvariantCulture,
                $"cannot serve within the {slo:0.##} ms SLO: users would see a p99 of {userP99:0.##} ms ({capacity.P99Ms:0.##} ms measured + {roundTrip:0.##} ms round trip), and more units do not make a request faster"), capacity), null);
        }

        var (unit, kind, date) = price.Instance is { } instance
            ? (UnitCost.For(table.Instances[instance]), "cloud", table.Instances[instance].Provenance.Date)
            : (UnitCost.For(table.Devices[price.Device!], table.Electricity[price.Electricity!]), "edge", table.Devices[price.Device!].Provenance.Date);
        int? fleet = null;
        double? monthly = null;
        if (pricing.DemandQps is { } demand)
        {
            try
            {
                fleet = CostModel.FleetSize(demand, pricing.Headroom, capacity);
                monthly = CostModel.FleetHourlyUsd(unit, demand, pricing.Headroom, capacity) * PriceTable.HoursPerMonth;
            }
            catch (PriceException e)
            {
                return (Unpriced(e.Message, capacity), null);
            }
        }

        var row = new PricedOption(
            key.Model, key.Variant, key.Target, unit.Name, kind, capacity.InferencesPerSecond, capacity.Basis, capacity.Valid,
            CostModel.CostPerMillion(unit, capacity), CostModel.JoulesPerInference(unit, capacity), fleet, monthly,
            CostModel.UserLatencyMs(capacity, deployment), price.Deployment, provenance, date, accuracy, null)
        {
            UnitIdleHourlyUsd = unit.HourlyUsd(0),
            UnitLoadedHourlyUsd = unit.HourlyUsd(1),
        };
        return (row, new ServingOption(ServingOption.NameOf(key.Variant, key.Target, unit.Name), unit, capacity));
    }
}
