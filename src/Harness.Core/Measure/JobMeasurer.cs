using System.Security.Cryptography;
using Harness.Measure.LoadGenerators;
using Harness.Measure.Targets;
using Harness.Onnx;
using Harness.Onnx.Cost;
using Harness.Onnx.Model;
using Harness.Plan;
using Harness.Results;
using Harness.Roofline;

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
        // A no-op target runs no model: nothing of its is set against the machine's speed.
        var noModel = job.Target.Device == TargetDevice.NoOp;
        var speedBefore = noModel ? 0 : MachineSpeed.Sample();
        try
        {
            result = generator.Run(new LoadContext(job, samplesPath, reportPhase), model);
        }
        catch (FixedBatchException e)
        {
            // Not a failure: the model cannot take this load's batches, and the results say why.
            result = Skipped(job, e.Message);
        }

        if (noModel)
        {
            return result with { VariantInfo = model.Variant };
        }

        return Describe(job, result, model, new MachineSpeedInfo(speedBefore, MachineSpeed.Sample()));
    }

    /// <summary>
    /// What a measured result says of its model besides the latencies: the variant, the file's
    /// hash, the inputs fed, the work counted and the machine's speed around the measurement.
    /// Called after the run, so reading the model again cannot raise the peak RSS the result already holds.
    /// </summary>
    internal static MeasurementResult Describe(MeasurementJob job, MeasurementResult result, IDeployedModel model, MachineSpeedInfo speed)
    {
        var inputs = InputsOf(job);
        return result with
        {
            VariantInfo = model.Variant,
            ModelSha256 = Sha256Of(job.Model.Path),
            Inputs = inputs,
            Roofline = WorkOf(model.ModelPath, inputs, job.BatchSize, result.Throughput),
            Device = model.DeviceFigures(),
            MachineSpeed = speed,
        };
    }

    /// <summary>
    /// The work one sample costs, counted from the file the target ran at the inputs' shapes, and
    /// the rate achieved. Null where nothing was fed from generated inputs or nothing was measured.
    /// A model the counter cannot read loses only this block, never the measurement.
    /// </summary>
    private static RooflineInfo? WorkOf(string? modelPath, List<InputInfo>? inputs, int batchSize, ThroughputInfo? throughput)
    {
        if (modelPath is null || inputs is null || throughput is null || !File.Exists(modelPath))
        {
            return null;
        }

        try
        {
            var shapes = inputs.ToDictionary(i => i.Name, i => i.Shape, StringComparer.Ordinal);
            var cost = ModelCostCounter.Count(OnnxModel.Load(modelPath), shapes);
            return RooflinePlacement.Work(cost, batchSize, throughput.SamplesPerSec);
        }
        catch (Exception e) when (e is ModelFormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }

    private static string? Sha256Of(string path)
    {
        if (!File.Exists(path))
        {
            return null; // a target that runs no model
        }

        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The inputs as generated for this job; null where they come from test data or a dataset, or the model cannot take the job's batch.</summary>
    private static List<InputInfo>? InputsOf(MeasurementJob job)
    {
        if (job.Model.TestDataDirectory is not null || job.Load.Kind == LoadKind.Accuracy || !File.Exists(job.Model.Path))
        {
            return null;
        }

        try
        {
            var resolved = InputResolver.Resolve(ModelCheck.InputsOf(OnnxModel.Load(job.Model.Path)), job.Model, job.BatchSize);
            return [.. resolved.Select(r => new InputInfo(r.Name, r.ElementType.DisplayName(), r.Shape, r.BatchAxis, r.Fill.ToString()))];
        }
        catch (Exception e) when (e is FixedBatchException or InputSpecException)
        {
            return null;
        }
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
