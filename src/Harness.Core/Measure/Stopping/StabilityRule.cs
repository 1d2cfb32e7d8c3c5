using Harness.Measure.Clock;
using Harness.Measure.Statistics;

namespace Harness.Measure.Stopping;

/// <summary>
/// Whether the run was steady. Open loops (a target rate) are steady when their queue stays
/// bounded (<see cref="OpenLoopStability"/>: Poisson-consistent completions per window, no upward
/// latency trend); closed loops when their last windows agree (<see cref="ClosedLoopStability"/>,
/// perf_analyzer's rule). A closed loop told to measure until steady says when it ran out of time still unsteady.
/// </summary>
public sealed class StabilityRule : IStoppingRule
{
    public string? Violation(RunEvidence run) => run.Run.TargetQps is { } rate
        ? OpenLoopStability.Judge(run.Run.Log, rate, Duration.TicksPerSecond)
        : ClosedLoopStability.Judge(run.Run.Log, run.Rules.StabilityTolerance, Duration.TicksPerSecond) is { } unsteady
            ? unsteady + (run.Rules.UntilSteady ? run.LimitNote : string.Empty)
            : null;
}
