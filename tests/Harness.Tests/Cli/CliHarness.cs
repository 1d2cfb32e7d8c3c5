namespace Harness.Tests.Cli;

/// <summary>Runs a <c>harness</c> command line in-process and captures what it printed.</summary>
internal static class CliHarness
{
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
