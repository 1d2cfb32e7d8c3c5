namespace Harness.Execute;

/// <summary>A run that cannot be resumed as asked: not a run folder, or started by another scenario or harness.</summary>
public sealed class ResumeException : UserFacingException
{
    public ResumeException()
    {
    }

    public ResumeException(string message)
        : base(message)
    {
    }

    public ResumeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
