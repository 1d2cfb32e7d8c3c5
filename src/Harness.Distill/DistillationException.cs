namespace Harness.Distill;

/// <summary>
/// A distillation the user asked for cannot be done as asked: a teacher whose output is not a
/// class vector, data that does not fit the student, a student whose layers do not fit together,
/// a loss that diverged. The message names what is wrong and what to change.
/// </summary>
public sealed class DistillationException : UserFacingException
{
    public DistillationException(string message)
        : base(message)
    {
    }

    public DistillationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public DistillationException()
    {
    }
}
