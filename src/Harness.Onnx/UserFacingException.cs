namespace Harness;

/// <summary>
/// An error the user caused and can fix: a scenario that does not parse, a model file ONNX Runtime
/// refuses, inputs that do not fit, a dataset that is missing. Its message alone says what is wrong
/// and what to do next, so the command line prints it as one <c>error: …</c> line and a worker answers
/// it as an <c>error</c> message, neither with a stack trace. Every other exception is a bug and keeps
/// its trace. It lives in the lowest project so that every stage's errors can derive from it.
/// </summary>
public abstract class UserFacingException : Exception
{
    protected UserFacingException()
    {
    }

    protected UserFacingException(string message)
        : base(message)
    {
    }

    protected UserFacingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// The one rule the command line and the worker share: our own user-facing errors, and the
    /// operating system's file errors (no such folder, disk full, permission denied), whose
    /// messages already name the path and which no type of ours can derive from.
    /// </summary>
    public static bool Describes(Exception exception) =>
        exception is UserFacingException or IOException or UnauthorizedAccessException;
}
