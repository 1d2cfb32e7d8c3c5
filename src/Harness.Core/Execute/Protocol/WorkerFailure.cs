namespace Harness.Execute.Protocol;

/// <summary>
/// An exception the worker did not expect, told in a few fields instead of a stack trace: the
/// parent keeps only a short tail of stderr, and a trace's last lines are frames, while the cause
/// (a read-only folder, a full disk) sits in the first line and the innermost exception.
/// </summary>
/// <param name="Type">The exception's type name (InvalidOperationException).</param>
/// <param name="Message">The first line of its message.</param>
/// <param name="Cause">The innermost exception as <c>Type: first line</c>; null when there is none.</param>
/// <param name="Where">The frame that threw, for the bug report.</param>
public sealed record WorkerFailure(string Type, string Message, string? Cause, string? Where)
{
    public static WorkerFailure Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        var where = exception.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        return new WorkerFailure(
            exception.GetType().Name,
            FirstLine(exception.Message),
            ReferenceEquals(innermost, exception) ? null : $"{innermost.GetType().Name}: {FirstLine(innermost.Message)}",
            where);
    }

    /// <summary>One line for a job's error: the exception, its cause, then where it was thrown.</summary>
    public string Describe()
    {
        var text = $"the worker failed: {Type}: {Message}";
        if (Cause is not null)
        {
            text += $"; cause: {Cause}";
        }

        return Where is null ? text : $"{text} ({Where})";
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n')[0].TrimEnd('\r');
        return line.Length > 0 ? line : "(no message)";
    }
}
