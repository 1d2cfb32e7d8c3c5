using System.CommandLine;

namespace Harness.Cli.Commands;

/// <summary>
/// Runs a verb's work and turns errors the user can fix (<see cref="UserFacingException"/>: a bad
/// scenario, a bad or missing file, a missing runtime, no permission) into one line on stderr,
/// <c>error: …</c>, and exit code 2. Anything else is a bug and keeps its stack trace. Every verb
/// runs through here so the rule holds everywhere; the worker applies the same rule.
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
        catch (Exception e) when (UserFacingException.Describes(e))
        {
            return Report(configuration.Error, e);
        }
    }

    public static async Task<int> RunAsync(ParseResult parseResult, Func<TextWriter, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(action);
        var configuration = parseResult.InvocationConfiguration;
        try
        {
            return await action(configuration.Output).ConfigureAwait(false);
        }
        catch (Exception e) when (UserFacingException.Describes(e))
        {
            return Report(configuration.Error, e);
        }
    }

    private static int Report(TextWriter error, Exception e)
    {
        error.WriteLine("error: " + e.Message.ReplaceLineEndings(" ").Trim());
        return ExitCode;
    }
}
