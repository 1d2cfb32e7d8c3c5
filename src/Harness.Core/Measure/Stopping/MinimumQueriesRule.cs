namespace Harness.Measure.Stopping;

/// <summary>LoadGen's minimum query count (<c>min_queries</c>).</summary>
public sealed class MinimumQueriesRule : IStoppingRule
{
    public string? Violation(RunEvidence run) => run.Count < run.Rules.MinQueries
        ? $"ran {run.Count} queries, fewer than min_queries {run.Rules.MinQueries}{run.LimitNote}"
        : null;
}
