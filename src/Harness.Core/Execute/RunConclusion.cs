using Harness.Evaluate;
using Harness.Plan;
using Harness.Price;
using Harness.Results;

namespace Harness.Execute;

/// <summary>
/// What a run decides once every measurement is in: variants rejected by the scenario's quality
/// and fidelity bounds against the reference, each distilled student against its hard-label twin,
/// and the cost figures. A run does this after its last job and a merge after putting its shards
/// together, since a shard may lack the reference its variants are judged by.
/// </summary>
public static class RunConclusion
{
    public static RunResults Conclude(Scenario scenario, RunResults results)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(results);
        var bounds = scenario.Models.Where(m => m.Accuracy?.MaxDrop is not null).ToDictionary(m => m.Name, m => m.Accuracy!.MaxDrop!.Value);
        var fidelityBounds = scenario.Models.Where(m => m.Fidelity.MinCosine is not null || m.Fidelity.MaxRelError is not null).ToDictionary(m => m.Name, m => m.Fidelity);
        var measurements = FidelityBound.Apply(QualityBound.Apply(results.Measurements, JobPlanner.ReferenceVariant, bounds), JobPlanner.ReferenceVariant, fidelityBounds);
        measurements = TwinComparisons.Apply(measurements, TwinComparisons.PairsOf(scenario));
        return results with { Measurements = measurements, Pricing = RunPricing.Price(scenario, measurements) };
    }
}
