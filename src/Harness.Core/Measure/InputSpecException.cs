namespace Harness.Measure;

/// <summary>The scenario's input description does not fit the model; the message says how to fix it.</summary>
public sealed class InputSpecException : UserFacingException
{
    public InputSpecException()
    {
    }

    public InputSpecException(string message)
        : base(message)
    {
    }

    public InputSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
