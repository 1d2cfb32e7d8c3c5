namespace Harness.Cluster;

/// <summary>A submission that cannot go ahead or did not finish: no scheduler on the PATH, a submission folder that is not one, a task that failed.</summary>
public sealed class ClusterException : UserFacingException
{
    public ClusterException()
    {
    }

    public ClusterException(string message)
        : base(message)
    {
    }

    public ClusterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
