namespace Harness.Execute.Protocol;

/// <summary>
/// A job document a worker cannot run: another protocol version, not a job document at all, or a
/// value outside the protocol's vocabulary. The message names what was sent and what this worker
/// speaks, so the person who paired an orchestrator with a worker of another build sees why.
/// </summary>
public sealed class JobDocumentException : UserFacingException
{
    public JobDocumentException()
        : base("The job document cannot be read.")
    {
    }

    public JobDocumentException(string message)
        : base(message)
    {
    }

    public JobDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
