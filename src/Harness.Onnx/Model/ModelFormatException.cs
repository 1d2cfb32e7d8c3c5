namespace Harness.Onnx.Model;

/// <summary>
/// An ONNX file (a model, its external data, or a serialized tensor) that cannot be used as it is.
/// The message is written for the person who gave us the file: what is wrong, with which file, and
/// what to do next. It is a user error, not a bug, so callers print the message, not a stack trace.
/// </summary>
public sealed class ModelFormatException : UserFacingException
{
    public ModelFormatException()
        : base("The ONNX file is not valid.")
    {
    }

    public ModelFormatException(string message)
        : base(message)
    {
    }

    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
