using Harness.Results;

namespace Harness.Measure.Targets;

/// <summary>
/// A job's model loaded on a target: what a load generator measures. Each load asks for the one
/// shape of system it drives; a deployment builds it on demand, and times its first inference.
/// </summary>
public interface IDeployedModel : IDisposable
{
    /// <summary>How the variant was made; null for the reference (the file as given) or a target that runs no model.</summary>
    VariantInfo? Variant { get; }

    /// <summary>The model file this deployment runs (the prepared variant's), for counting its work; null for a target that runs no file.</summary>
    string? ModelPath => null;

    /// <summary>
    /// Hands <paramref name="measurement"/> the leanest query the target has for back-to-back
    /// requests of <paramref name="batchSize"/> samples (single-stream, offline). The query's own
    /// struct type reaches the loop, so the loop is specialised for it.
    /// </summary>
    TResult MeasureClosedLoop<TResult>(int batchSize, IClosedLoopMeasurement<TResult> measurement);

    /// <summary>A system answering numbered requests in batches of up to <paramref name="maxBatch"/>, for loads that schedule requests themselves.</summary>
    ServingSystem Serve(int maxBatch);

    /// <summary>Quality on the job's accuracy dataset, and agreement with the reference variant's outputs.</summary>
    Quality Evaluate(Action<string> reportPhase);

    /// <summary>A GPU target's own figures for what was measured so far (read while the model is still loaded); null elsewhere.</summary>
    DeviceInfo? DeviceFigures() => null;
}
