namespace Harness.Measure.Stopping;

/// <summary>
/// One condition a finished run must satisfy before its figures are trusted (LoadGen's minimums,
/// early stopping, stability), in the manner of BenchmarkDotNet's stopping criteria: each rule
/// judges the run on its own and says why it falls short. The rules in force are
/// <see cref="StoppingRules.Validity"/>; a run that breaks any of them is invalid.
/// </summary>
public interface IStoppingRule
{
    /// <summary>Why <paramref name="run"/> breaks this rule, or null when it keeps it.</summary>
    string? Violation(RunEvidence run);
}
