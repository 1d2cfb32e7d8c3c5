namespace Harness.Measure.Stopping;

/// <summary>The rules every load run is judged by, in the order their reasons are reported.</summary>
public static class StoppingRules
{
    public static IReadOnlyList<IStoppingRule> Validity { get; } =
    [
        new MinimumQueriesRule(),
        new MinimumDurationRule(),
        new EarlyStoppingRule(),
        new AllAnsweredRule(),
        new PunctualityRule(),
        new StabilityRule(),
    ];

    /// <summary>Every rule's reason <paramref name="run"/> breaks it; empty when the run is valid.</summary>
    public static List<string> Violations(RunEvidence run)
    {
        var reasons = new List<string>();
        foreach (var rule in Validity)
        {
            if (rule.Violation(run) is { } reason)
            {
                reasons.Add(reason);
            }
        }

        return reasons;
    }
}
