namespace Harness.Measure;

/// <summary>
/// A load asked for more than one sample per inference of a model whose batch dimension is fixed:
/// not an error in the scenario but a job that cannot run, so it is recorded as skipped, with this message.
/// </summary>
public sealed class FixedBatchException : UserFacingException
{
    public FixedBatchException()
    {
    }

    public FixedBatchException(string message)
        : base(message)
    {
    }

    public FixedBatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
