using Harness.Measure.Targets;
using Harness.Results;

namespace Harness.Measure.LoadGenerators;

/// <summary>
/// Not a load: the model's quality, measured outside any timed window: on its accuracy dataset
/// (accuracy jobs), or against the reference's outputs on seeded inputs (fidelity jobs).
/// </summary>
public sealed class AccuracyGenerator : ILoadGenerator
{
    public MeasurementResult Run(LoadContext context, IDeployedModel model)
    {
        var quality = model.Evaluate(context.ReportPhase);
        var job = context.Job;
        return new MeasurementResult(
            job.Id,
            job.Model.Name,
            job.Variant,
            job.Target.Name,
            new LoadInfo(job.LoadName, job.BatchSize, 1),
            MeasurementStatus.Ok,
            null,
            null,
            null,
            quality.ColdStart,
            new MemoryInfo(ProcessMemory.PeakResidentBytes()),
            new ValidityInfo(true, []),
            null)
        {
            Accuracy = quality.Accuracy,
            Fidelity = quality.Fidelity,
        };
    }
}
