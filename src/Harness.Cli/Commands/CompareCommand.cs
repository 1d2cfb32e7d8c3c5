using System.CommandLine;
using Harness.Reports;
using Harness.Reports.Writers;
using Spectre.Console;

namespace Harness.Cli.Commands;

/// <summary><c>harness compare A B</c>: two runs side by side, each measurement's figures in both and B against A.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("a") { Description = "The first run: " + RunArgument.Description + "." };
        var b = new Argument<string>("b") { Description = "The second run, compared with the first." };
        var command = new Command("compare", "Show two runs side by side: latency, throughput and accuracy per measurement, B against A.") { a, b };
        command.SetAction(parse => UserErrors.Run(parse, output =>
        {
            var comparison = RunComparison.Between(Load(parse.GetValue(a)!), Load(parse.GetValue(b)!));

            // Through the verb's own writer, plain and 160 wide like a piped run, so the table can be captured and diffed.
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            console.Profile.Width = 160;
            console.Write(ConsoleComparisonTable.Build(comparison));
            return 0;
        }));
        return command;
    }

    private static RunReport Load(string run) => RunReport.From(RunArgument.Read(RunArgument.Locate(run).ResultsPath));
}
