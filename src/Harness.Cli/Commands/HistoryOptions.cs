using System.CommandLine;
using Harness.Results.History;

namespace Harness.Cli.Commands;

/// <summary>The run history's location, shared by <c>run</c>, <c>history</c> and <c>gate</c>: <c>--history PATH</c>, or off with <c>--no-history</c> (run only).</summary>
internal static class HistoryOptions
{
    public static Option<string?> PathOption() => new("--history")
    {
        Description = $"The run history database (default: $HARNESS_HOME/{RunHistory.FileName}).",
    };

    public static Option<bool> OffOption() => new("--no-history") { Description = "Do not append this run to the run history." };

    public static string Resolve(string? path) => path ?? RunHistory.DefaultPath();
}
