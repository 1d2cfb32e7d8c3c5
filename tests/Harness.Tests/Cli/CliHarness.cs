using System.CommandLine;

namespace Harness.Tests.Cli;

/// <summary>Runs a <c>harness</c> command line in-process and captures what it printed.</summary>
internal static class CliHarness
{
    /// <summary>
    /// For verbs that write through System.CommandLine's output and error writers: captures them
    /// without touching <see cref="Console"/>, so tests using it can run in parallel.
    /// </summary>
    public static (int ExitCode, string Output, string Error) InvokeCaptured(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = Harness.Cli.CommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    public static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
            {
                Out = new Spectre.Console.AnsiConsoleOutput(output),
                Interactive = Spectre.Console.InteractionSupport.No,
                Ansi = Spectre.Console.AnsiSupport.No,
            });

            // As wide as the CLI draws when its output is piped, so table rows stay on one line.
            console.Profile.Width = 160;
            Spectre.Console.AnsiConsole.Console = console;
            var exit = Harness.Cli.CommandLine.Build().Parse(args).Invoke();
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
