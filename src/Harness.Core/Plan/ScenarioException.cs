namespace Harness.Plan;

/// <summary>
/// A mistake in a scenario file, located precisely so the user can fix it without guessing:
/// the message reads <c>file:line:column: what is wrong; what was expected</c>.
/// </summary>
public sealed class ScenarioException : UserFacingException
{
    public ScenarioException(string file, long line, long column, string problem)
        : base($"{file}:{line}:{column}: {problem}")
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    public ScenarioException()
    {
        File = string.Empty;
        Problem = string.Empty;
    }

    public ScenarioException(string message)
        : base(message)
    {
        File = string.Empty;
        Problem = message;
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = string.Empty;
        Problem = message;
    }

    public string File { get; }

    public long Line { get; }

    public long Column { get; }

    public string Problem { get; }
}
