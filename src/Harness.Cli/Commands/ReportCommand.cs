using System.CommandLine;
using System.Text.Json;
using Harness.Reports;
using Harness.Reports.Writers;
using Harness.Results;
using Spectre.Console;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness report RUN…</c>: writes every report file (report.md, report.html, results.csv, junit.xml) again
/// from a run's results.json alone, into its run folder: after a report format changed, or for a
/// run whose results were copied from another machine.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("run")
        {
            Description = "Run folders (results/<run-id>, results/latest) or their results.json files.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("report", "Write a run's report files again from its results.json, into its run folder.") { runs };
        command.SetAction(parse => UserErrors.Run(parse, output =>
        {
            foreach (var run in parse.GetValue(runs)!)
            {
                var (folder, resultsPath) = Locate(run);
                var report = RunReport.From(Read(resultsPath));
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

    private static (string Folder, string ResultsPath) Locate(string run)
    {
        if (Directory.Exists(run))
        {
            var results = Path.Combine(run, ResultsStore.ResultsFileName);
            return File.Exists(results)
                ? (run, results)
                : throw new UsageException($"{run} holds no {ResultsStore.ResultsFileName}; name a run folder that 'harness run' wrote, such as results/latest");
        }

        return File.Exists(run)
            ? (Path.GetDirectoryName(Path.GetFullPath(run))!, run)
            : throw new UsageException($"{run} does not exist; name a run folder (results/<run-id>) or its {ResultsStore.ResultsFileName}");
    }

    private static RunResults Read(string path)
    {
        try
        {
            return ResultsStore.Read(path);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new UsageException($"{path} is not a results file that 'harness run' wrote: {e.Message}", e);
        }
    }
}
