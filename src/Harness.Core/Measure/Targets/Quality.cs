using Harness.Results;

namespace Harness.Measure.Targets;

/// <summary>A deployment's quality figures (accuracy and fidelity jobs).</summary>
/// <param name="Accuracy">Null for a fidelity job, which has no labels.</param>
/// <param name="Fidelity">Agreement with the reference variant; null for the reference itself.</param>
public sealed record Quality(AccuracyInfo? Accuracy, IReadOnlyList<FidelityInfo>? Fidelity, ColdStartInfo ColdStart);
