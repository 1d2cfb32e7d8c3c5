namespace Harness.Measure.Targets;

/// <summary>A target this machine cannot run (no GPU, no CUDA build): its jobs fail with the reason and the way out; other targets' jobs run.</summary>
public sealed class TargetUnavailableException : UserFacingException
{
    public TargetUnavailableException()
    {
    }

    public TargetUnavailableException(string message)
        : base(message)
    {
    }

    public TargetUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
