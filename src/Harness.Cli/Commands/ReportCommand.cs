using System.CommandLine;
using Harness.Reports;
using Harness.Reports.Writers;
using Spectre.Console;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness report RUN…</c>: writes every report file (report.md, report.html, results.csv,
/// junit.xml) again from a run's results.json alone, into its run folder: after a report format
/// changed, or for a run whose results were copied from another machine.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("run") { Description = "Each run: " + RunArgument.Description + ".", Arity = ArgumentArity.OneOrMore };
        var command = new Command("report", "Write a run's report files again from its results.json, into its run folder.") { runs };
        command.SetAction(parse => UserErrors.Run(parse, output =>
        {
            foreach (var run in parse.GetValue(runs)!)
            {
                var (folder, resultsPath) = RunArgument.Locate(run);
                var report = RunReport.From(RunArgument.Read(resultsPath));
                var destination = new ReportDestination(AnsiConsole.Console, folder);
                foreach (var writer in ReportWriters.Files)
                {
                    writer.Write(report, destination);
                    output.WriteLine($"{writer.Format}: {Path.Combine(folder, writer.FileName!)}");
                }
            }

            return 0;
        }));
        return command;
    }
}
