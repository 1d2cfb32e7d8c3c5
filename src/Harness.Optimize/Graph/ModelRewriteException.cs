namespace Harness.Optimize.Graph;

/// <summary>
/// A model a rewrite cannot make a variant of as asked: an opset it cannot upgrade, an option that
/// does not fit the model, a result ONNX Runtime refuses. The message says which model, what stands
/// in the way and what to do next; it is a user error, so callers print it without a stack trace.
/// </summary>
public sealed class ModelRewriteException : UserFacingException
{
    public ModelRewriteException()
        : base("The model could not be rewritten.")
    {
    }

    public ModelRewriteException(string message)
        : base(message)
    {
    }

    public ModelRewriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
