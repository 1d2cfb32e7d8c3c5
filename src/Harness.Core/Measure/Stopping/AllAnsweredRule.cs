namespace Harness.Measure.Stopping;

/// <summary>No query left waiting at max_duration: a system that fell behind was not measured at its load.</summary>
public sealed class AllAnsweredRule : IStoppingRule
{
    public string? Violation(RunEvidence run) => run.Run.Unfinished > 0
        ? $"{run.Run.Unfinished} queries were still waiting when max_duration ran out: the system fell behind the load"
        : null;
}
