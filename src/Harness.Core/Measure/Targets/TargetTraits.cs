using Harness.Results;

namespace Harness.Measure.Targets;

/// <summary>What a kind of target is, for its fingerprint: the execution provider it runs on, how its figures come about, whether a GPU is part of its setup.</summary>
/// <param name="Figures">measured, emulated or projected (<see cref="FigureKinds"/>).</param>
public sealed record TargetTraits(string ExecutionProvider, string Figures, bool UsesGpu)
{
    public static TargetTraits OrtCpu { get; } = new("CPUExecutionProvider", FigureKinds.Measured, false);
}
