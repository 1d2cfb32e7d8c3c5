using static TorchSharp.torch;

namespace Harness.Distill.Training;

/// <summary>
/// Knowledge distillation's loss (Hinton, Vinyals and Dean, 2015):
/// α·T²·KL(softmax(t/T) ‖ softmax(s/T)) + (1−α)·CE(labels, s). The T² keeps the soft term's
/// gradients on the scale of the hard term's as T grows. Without labels only the soft term is
/// used (α = 1); without teacher logits only the hard term (a hard-label twin).
/// </summary>
public static class DistillationLoss
{
    /// <summary>The batch's mean loss.</summary>
    /// <param name="student">The student's logits, [batch, classes].</param>
    /// <param name="teacher">The teacher's logits, [batch, classes], or null for hard labels only.</param>
    /// <param name="labels">Class indices (int64), [batch], or null for pure distillation.</param>
    public static Tensor Compute(Tensor student, Tensor? teacher, Tensor? labels, double temperature, double alpha)
    {
        ArgumentNullException.ThrowIfNull(student);
        if (teacher is null && labels is null)
        {
            throw new ArgumentException("A loss needs teacher logits, labels or both.", nameof(teacher));
        }

        var softWeight = teacher is null ? 0 : labels is null ? 1 : alpha;
        Tensor? soft = null;
        if (softWeight > 0)
        {
            var teacherLog = (teacher! / temperature).log_softmax(1);
            var studentLog = (student / temperature).log_softmax(1);
            var kl = (teacherLog.exp() * (teacherLog - studentLog)).sum(1).mean();
            soft = kl * (softWeight * temperature * temperature);
        }

        if (softWeight >= 1)
        {
            return soft!;
        }

        var hard = nn.functional.cross_entropy(student, labels!) * (1 - softWeight);
        return soft is null ? hard : soft + hard;
    }
}
