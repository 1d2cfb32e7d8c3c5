using System.CommandLine;
using Spectre.Console;

namespace Harness.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            // Logs and CI pipes get plain text at a width that keeps a summary row on one line.
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(Console.Out),
            });
            AnsiConsole.Profile.Width = 160;
        }

        // Verbs that must stop cleanly on SIGINT/SIGTERM (run) handle the signals themselves, so
        // System.CommandLine's own handler, which ends the process after a grace period, is off.
        return CommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
