namespace Harness.Agent;

/// <summary>An agent that must not start as asked (beyond loopback without a token and TLS, an unreadable certificate, a bad address).</summary>
public sealed class AgentSetupException : UserFacingException
{
    public AgentSetupException()
        : base("The agent cannot start as asked.")
    {
    }

    public AgentSetupException(string message)
        : base(message)
    {
    }

    public AgentSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
