using Harness.Plan;

namespace Harness.Measure.Targets;

/// <summary>
/// Where a job's model runs (CPU through ONNX Runtime, nowhere for the no-op ceiling; next CUDA,
/// an emulated edge device, a remote agent). A target deploys the job's model; loads then measure
/// the deployment. The targets in use are listed in <see cref="TargetTable"/>.
/// </summary>
public interface ITarget
{
    /// <summary>Makes the job's variant where needed and loads it, ready for the job's load.</summary>
    IDeployedModel Deploy(MeasurementJob job, Action<string> reportPhase);

    /// <summary>What the target is, for its fingerprint in results; ONNX Runtime on this CPU, measured, unless it says otherwise.</summary>
    TargetTraits Traits => TargetTraits.OrtCpu;
}
