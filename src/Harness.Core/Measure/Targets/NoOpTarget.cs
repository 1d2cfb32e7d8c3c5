using Harness.Measure.Sut;
using Harness.Plan;

namespace Harness.Measure.Targets;

/// <summary>Answers every request at once without running a model: what the harness alone costs, its ceiling.</summary>
public sealed class NoOpTarget : ITarget
{
    public IDeployedModel Deploy(MeasurementJob job, Action<string> reportPhase) =>
        new SystemDeployment(maxBatch => new NoOpSystem(maxBatch));

    public TargetTraits Traits { get; } = new("none", Results.FigureKinds.Measured, false);
}
