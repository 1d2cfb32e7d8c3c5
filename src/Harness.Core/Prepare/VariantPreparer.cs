using Harness.Assets;
using Harness.Evaluate;
using Harness.Measure;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Optimize.Quantization.Calibration;
using Harness.Optimize.Variants;
using Harness.Plan;
using Harness.Results;

namespace Harness.Prepare;

/// <summary>The model file a job runs, and what was done to make it.</summary>
public sealed record PreparedModel(string Path, VariantInfo? Info);

/// <summary>
/// Makes a job's variant from its model file with the graph rewriter, in the worker (calibration
/// runs the model, and the orchestrator never does), through the content-addressed cache: the
/// first job of a variant builds it, every later job and run finds it.
/// </summary>
public static class VariantPreparer
{
    public static string CacheRoot => Path.Combine(AssetCatalog.Home, "variants");

    public static PreparedModel Prepare(MeasurementJob job, OrtEnvironment environment, Action<string> reportPhase)
    {
        if (job.Transform is not { } request)
        {
            return new PreparedModel(job.Model.Path, null);
        }

        reportPhase("preparing " + request.Name);
        var cache = new VariantCache(CacheRoot);
        var transform = TransformFor(request, () => CalibrationData(job.Model, request.Calibration ?? CalibrationRequest.Default, environment));
        if (transform is DistilledStudentTransform distilled)
        {
            distilled.Progress = line => reportPhase($"preparing {request.Name}: {line}");
        }
        else if (transform is ExternalStudentTransform external)
        {
            external.Progress = line => reportPhase($"preparing {request.Name}: {line}");
        }

        var entry = cache.GetOrCreate(job.Model.Path, transform);
        var report = VariantCache.ReadReport(entry);
        var skipped = report?.SkippedSummary().Take(12).Select(s => new SkippedNodes(s.OpType, s.Reason, s.Count)).ToList() ?? [];
        return new PreparedModel(entry.ModelPath, new VariantInfo(
            request.Kind.Name(),
            OnnxModel.FileSize(entry.ModelPath),
            OnnxModel.FileSize(job.Model.Path),
            entry.Hit,
            report?.TransformedCount ?? 0,
            skipped,
            report?.Notes ?? []));
    }

    /// <summary>The rewriter transform a variant request names; calibration data is asked for only by static int8.</summary>
    public static IVariantTransform TransformFor(VariantRequest request, Func<ICalibrationDataSource> calibration) =>
        VariantKinds.Of(request.Kind).CreateTransform(request, calibration);

    /// <summary>The named dataset's samples, or seeded samples of each of the scenario's inputs at batch 1, with its own fill.</summary>
    private static ICalibrationDataSource CalibrationData(ModelSpec model, CalibrationRequest calibration, OrtEnvironment environment)
    {
        using var options = new SessionOptions(environment.Library) { IntraOpThreads = 1 };
        using var session = InferenceSession.FromFile(environment, model.Path, options);
        if (calibration.Dataset is { } name)
        {
            return new DatasetCalibrationData(name, DatasetCatalog.Open(name).Dataset, session.Inputs[0].Name, calibration.Samples);
        }

        return new SeededCalibrationData(InputResolver.Resolve(session.Inputs, model, 1), calibration.Samples, calibration.Seed);
    }
}
