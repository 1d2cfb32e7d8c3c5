using Harness.Distill.Training;

namespace Harness.Plan;

/// <summary>
/// A <c>kind: distilled</c> variant: the student (a preset or its layers), the dataset its inputs
/// come from (the training split, never the one accuracy is measured on), and how it is trained.
/// </summary>
/// <param name="Student">A preset name or layers separated by commas, as the scenario wrote it.</param>
/// <param name="Samples">Training samples read from the dataset (the first ones).</param>
/// <param name="HardLabelsOnly">The hard-label twin: the same student, seed and budget, trained on the labels alone.</param>
/// <param name="Twin">Whether the plan adds a hard-label twin beside this variant (not part of what the student is).</param>
public sealed record DistillationRequest(string Student, string Dataset, int Samples, TrainingOptions Training, bool HardLabelsOnly, bool Twin)
{
    /// <summary>The user's own training program (<c>command:</c>, with {teacher}, {train_data} and {out}) in place of a student Harness trains; null for Harness's own.</summary>
    public string? Command { get; init; }
}
