using Harness.Measure.LoadGenerators;
using Harness.Measure.Targets;
using Harness.Plan;
using Harness.Results;

namespace Harness.Measure;

/// <summary>
/// Measures one job inside a worker process: its target deploys the model (cold start: session
/// creation, first inference), then its load generator warms up, runs the load, and judges the
/// run after the clock stops.
/// </summary>
public static class JobMeasurer
{
    public static MeasurementResult Measure(MeasurementJob job, string samplesPath, Action<string> reportPhase)
    {
        var target = TargetTable.For(job.Target.Device);
        var generator = LoadGeneratorTable.For(job.Load.Kind);
        reportPhase("loading");
        using var model = target.Deploy(job, reportPhase);
        var result = generator.Run(new LoadContext(job, samplesPath, reportPhase), model);
        return result with { VariantInfo = model.Variant };
    }
}
