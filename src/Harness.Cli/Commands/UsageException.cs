namespace Harness.Cli.Commands;

/// <summary>
/// A command-line value that parses but makes no sense (a negative tolerance, a negative thread
/// count). It is a user error like a bad file: one <c>error:</c> line and exit code 2, rather than
/// System.CommandLine's validation failure, whose exit code 1 a verb may use for its own verdict.
/// </summary>
internal sealed class UsageException : UserFacingException
{
    public UsageException()
        : base("A command-line value is not valid.")
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
