using System.CommandLine;
using Harness.Onnx.Model;

namespace Harness.Cli.Commands;

/// <summary>
/// Runs a verb's work and turns errors the user can fix (a bad or missing file, no permission)
/// into one line on stderr, <c>error: …</c>, and exit code 2. Anything else is a bug and keeps its
/// stack trace. Every verb runs through here so the rule holds everywhere.
/// </summary>
internal static class UserErrors
{
    /// <summary>Exit code for "your input is wrong"; 1 stays with System.CommandLine's own failures and unexpected errors.</summary>
    public const int ExitCode = 2;

    public static int Run(ParseResult parseResult, Func<TextWriter, int> action)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(action);
        var configuration = parseResult.InvocationConfiguration;
        try
        {
            return action(configuration.Output);
        }
        catch (Exception e) when (IsUserError(e))
        {
            configuration.Error.WriteLine("error: " + OneLine(e.Message));
            return ExitCode;
        }
    }

    /// <summary>Errors whose message alone tells the user what to do. Add new user-facing exception types here.</summary>
    public static bool IsUserError(Exception e) =>
        e is ModelFormatException or IOException or UnauthorizedAccessException;

    private static string OneLine(string message) =>
        message.ReplaceLineEndings(" ").Trim();
}
