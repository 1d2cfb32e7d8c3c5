using Harness.Plan;

namespace Harness.Measure.Targets;

/// <summary>
/// An edge device emulated on this machine's CPU: the model runs as on the cpu target, in a worker
/// already pinned to the profile's core count and later held to its memory (<see cref="Placement.WorkerPlacement"/>),
/// with one intra-op thread per core. Its figures are this CPU's, labelled as emulated, never the device's own.
/// </summary>
public sealed class EdgeTarget : ITarget
{
    private readonly CpuTarget cpu = new();

    public IDeployedModel Deploy(MeasurementJob job, Action<string> reportPhase)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Target.Emulation is null)
        {
            throw new ArgumentException($"target '{job.Target.Name}' is an edge target without a device profile", nameof(job));
        }

        return cpu.Deploy(job, reportPhase);
    }

    public TargetTraits Traits { get; } = TargetTraits.OrtCpu with { Figures = Results.FigureKinds.Emulated };
}
