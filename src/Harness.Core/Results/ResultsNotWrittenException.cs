namespace Harness.Results;

/// <summary>
/// results.json could not be rewritten (a full disk, a read-only folder). The previous complete
/// file is kept; the message says which measurements it lacks and where they are kept instead.
/// </summary>
public sealed class ResultsNotWrittenException : UserFacingException
{
    public ResultsNotWrittenException()
    {
    }

    public ResultsNotWrittenException(string message)
        : base(message)
    {
    }

    public ResultsNotWrittenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ResultsNotWrittenException(string path, string reason, Exception innerException)
        : base($"{path} could not be written ({reason.TrimEnd('.')}); the previous complete file was kept", innerException)
    {
        Path = path;
        Reason = reason.TrimEnd('.');
    }

    public string? Path { get; }

    public string? Reason { get; }
}
