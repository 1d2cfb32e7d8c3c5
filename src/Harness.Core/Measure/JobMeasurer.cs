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
        MeasurementResult result;
        try
        {
            result = generator.Run(new LoadContext(job, samplesPath, reportPhase), model);
        }
        catch (FixedBatchException e)
        {
            // Not a failure: the model cannot take this load's batches, and the results say why.
            result = Skipped(job, e.Message);
        }

        return result with { VariantInfo = model.Variant };
    }

    private static MeasurementResult Skipped(MeasurementJob job, string reason) => new(
        job.Id,
        job.Model.Name,
        job.Variant,
        job.Target.Name,
        new LoadInfo(job.LoadName, job.BatchSize, 1),
        MeasurementStatus.Skipped,
        reason,
        null,
        null,
        null,
        null,
        ValidityInfo.NotMeasured(reason),
        null);
}
