namespace Harness.Execute.Merging;

/// <summary>Shards that cannot be merged into one run: from different scenarios, harnesses or schemas, missing, repeated or unfinished. Nothing is written.</summary>
public sealed class MergeException : UserFacingException
{
    public MergeException()
    {
    }

    public MergeException(string message)
        : base(message)
    {
    }

    public MergeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
