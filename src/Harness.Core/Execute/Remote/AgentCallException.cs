namespace Harness.Execute.Remote;

/// <summary>An agent refused a request or answered what no agent would; the message says which and what to do.</summary>
internal sealed class AgentCallException : UserFacingException
{
    public AgentCallException()
    {
    }

    public AgentCallException(string message)
        : base(message)
    {
    }

    public AgentCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
