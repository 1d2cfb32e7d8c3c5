namespace Harness.Plan.Sharding;

/// <summary>A shard that cannot be run as asked: a malformed or out-of-range <c>--shard i/n</c>, or more shards than jobs to share.</summary>
public sealed class ShardException : UserFacingException
{
    public ShardException()
    {
    }

    public ShardException(string message)
        : base(message)
    {
    }

    public ShardException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
