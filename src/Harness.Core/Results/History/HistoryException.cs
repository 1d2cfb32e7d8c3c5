namespace Harness.Results.History;

/// <summary>The run history cannot be read or written: not a database, another schema, or locked by another process. Nothing was written.</summary>
public sealed class HistoryException : UserFacingException
{
    public HistoryException()
    {
    }

    public HistoryException(string message)
        : base(message)
    {
    }

    public HistoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
