namespace Harness.Plan;

/// <summary>Expands a scenario's model × variant × target × load matrix into measurement jobs.</summary>
public static class JobPlanner
{
    /// <summary>The variant every model has: the file as given.</summary>
    public const string ReferenceVariant = "fp32";

    public static IReadOnlyList<MeasurementJob> Plan(Scenario scenario)
    {
        var jobs = new List<MeasurementJob>();
        foreach (var model in scenario.Models)
        {
            foreach (var (variant, transform) in model.Variants.Select(v => (v.Name, (VariantRequest?)v)).Prepend((ReferenceVariant, null)))
            {
                foreach (var target in scenario.Targets)
                {
                    if (model.Accuracy is not null && target.Device != TargetDevice.NoOp)
                    {
                        var accuracy = new LoadSpec(LoadKind.Accuracy, [model.Accuracy.BatchSize], 0);
                        jobs.Add(new MeasurementJob($"{model.Name}/{variant}/{target.Name}/accuracy", model, variant, target, accuracy, model.Accuracy.BatchSize, scenario.Rules) { Transform = transform });
                    }
                    else if (transform is not null && target.Device != TargetDevice.NoOp)
                    {
                        // Without a dataset, a variant is still compared with the reference: a faster variant whose outputs drifted is not kept unseen.
                        var fidelity = new LoadSpec(LoadKind.Fidelity, [1], 0, Samples: model.Fidelity.Samples);
                        jobs.Add(new MeasurementJob($"{model.Name}/{variant}/{target.Name}/fidelity", model, variant, target, fidelity, 1, scenario.Rules) { Transform = transform });
                    }

                    foreach (var load in model.Loads ?? scenario.Loads)
                    {
                        var batches = load.Kind is LoadKind.SingleStream or LoadKind.Offline ? load.BatchSizes : [1];
                        foreach (var batch in batches)
                        {
                            var id = $"{model.Name}/{variant}/{target.Name}/{LoadNames.IdOf(load, batch)}";
                            jobs.Add(new MeasurementJob(id, model, variant, target, load, batch, scenario.Rules) { Transform = transform });
                        }
                    }
                }
            }
        }

        var duplicate = jobs.GroupBy(j => j.Id).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? jobs
            : throw new ScenarioException($"{scenario.SourcePath}: two loads produce the same job '{duplicate.Key}'; remove one or change its settings");
    }
}
