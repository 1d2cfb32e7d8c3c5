using System.CommandLine;
using Harness.Measure;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Optimize.Graph;
using Harness.Plan;

namespace Harness.Cli.Commands;

/// <summary>
/// Runs a verb's work and turns errors the user can fix (a bad scenario, a bad or missing file, a
/// missing runtime, no permission) into one line on stderr, <c>error: …</c>, and exit code 2.
/// Anything else is a bug and keeps its stack trace. Every verb runs through here so the rule
/// holds everywhere.
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
        catch (Exception e) when (IsUserError(e))
        {
            return Report(configuration.Error, e);
        }
    }

    /// <summary>Errors whose message alone tells the user what to do. Add new user-facing exception types here.</summary>
    public static bool IsUserError(Exception e) =>
        e is ModelFormatException or ModelRewriteException or UsageException or Harness.Evaluate.Metrics.UnknownMetricException or Harness.Data.DatasetException
            or ScenarioException or InputSpecException or OrtException or OrtLibraryNotFoundException
            or IOException or UnauthorizedAccessException;

    private static int Report(TextWriter error, Exception e)
    {
        error.WriteLine("error: " + e.Message.ReplaceLineEndings(" ").Trim());
        return ExitCode;
    }
}
