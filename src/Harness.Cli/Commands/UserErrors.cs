using Harness.Measure;
using Harness.Onnx.Runtime;
using Harness.Plan;

namespace Harness.Cli.Commands;

/// <summary>
/// Turns the errors a user can cause (a bad scenario, a missing model, a missing runtime) into one
/// line on stderr and exit code 2. Anything else is a bug and keeps its stack trace.
/// </summary>
internal static class UserErrors
{
    public const int ExitCode = 2;

    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (IsUserError(e))
        {
            return Report(e);
        }
    }

    public static async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (IsUserError(e))
        {
            return Report(e);
        }
    }

    private static bool IsUserError(Exception e) => e is ScenarioException or InputSpecException or OrtException
        or OrtLibraryNotFoundException or FileNotFoundException or DirectoryNotFoundException;

    private static int Report(Exception e)
    {
        System.Console.Error.WriteLine("error: " + e.Message);
        return ExitCode;
    }
}
