using Harness.Measure.Statistics;

namespace Harness.Measure.Stopping;

/// <summary>perf_analyzer's stability rule, as <see cref="RunAnalyzer"/> states it: the last windows agree.</summary>
public sealed class StabilityRule : IStoppingRule
{
    public string? Violation(RunEvidence run) => RunAnalyzer.Unstable(run.Run.Log, run.First, run.Last, run.Rules.StabilityTolerance);
}
