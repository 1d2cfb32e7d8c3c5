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
            foreach (var target in scenario.Targets)
            {
                foreach (var load in scenario.Loads)
                {
                    foreach (var batch in load.BatchSizes)
                    {
                        var loadId = LoadNames.Of(load.Kind) + (load.Kind == LoadKind.Offline || batch != 1 ? $"-b{batch}" : string.Empty);
                        var id = $"{model.Name}/{ReferenceVariant}/{target.Name}/{loadId}";
                        jobs.Add(new MeasurementJob(id, model, ReferenceVariant, target, load.Kind, batch, scenario.Rules));
                    }
                }
            }
        }

        return jobs;
    }
}
