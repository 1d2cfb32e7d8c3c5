namespace Harness.Measure.Stopping;

/// <summary>The load generator issued its queries on time: past the limit, it measured itself, not the model.</summary>
public sealed class PunctualityRule : IStoppingRule
{
    public string? Violation(RunEvidence run)
    {
        var lateFraction = (double)run.LateQueries / run.Count;
        return lateFraction > run.Rules.MaxLateFraction
            ? $"{lateFraction:P1} of queries were issued over 1 ms late (limit {run.Rules.MaxLateFraction:P0}): the load generator, not the model, was measured"
            : null;
    }
}
