using System.CommandLine;
using Harness.Cli.Views;
using Harness.Execute;
using Harness.Onnx.Runtime;
using Harness.Plan;
using Harness.Reports;
using Harness.Reports.Writers;
using Harness.Results;
using Harness.Results.History;
using Spectre.Console;

namespace Harness.Cli.Commands;

/// <summary><c>harness run SCENARIO</c>: plan, measure every job in a worker, write results, summarise.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var scenarioArgument = new Argument<string>("scenario") { Description = "the scenario YAML file" };
        var resultsOption = new Option<string>("--results") { Description = "folder for run outputs", DefaultValueFactory = _ => "results" };
        var historyOption = HistoryOptions.PathOption();
        var noHistoryOption = HistoryOptions.OffOption();
        var command = new Command("run", "Run a scenario: measure every model × target × load and write results/<run-id>/results.json.")
        {
            scenarioArgument,
            resultsOption,
            historyOption,
            noHistoryOption,
        };
        command.SetAction((parse, cancellation) => UserErrors.RunAsync(parse, async _ =>
        {
            using var stop = new StopSignals(cancellation);
            var historyPath = parse.GetValue(noHistoryOption) ? null : HistoryOptions.Resolve(parse.GetValue(historyOption));
            var (_, exitCode) = await RunAsync(parse.GetValue(scenarioArgument)!, parse.GetValue(resultsOption)!, historyPath, null, stop.Token).ConfigureAwait(false);
            return stop.ExitCode ?? exitCode;
        }));
        return command;
    }

    /// <summary>Measures a scenario's jobs (those <paramref name="only"/> keeps, else all), writes results and reports, and appends the run to the history when <paramref name="historyPath"/> is given.</summary>
    public static async Task<(string ResultsPath, int ExitCode)> RunAsync(string scenarioPath, string resultsRoot, string? historyPath, Func<string, bool>? only, CancellationToken cancellation)
    {
        var console = AnsiConsole.Console;
        var scenario = ScenarioParser.ParseFile(scenarioPath);
        var jobs = JobPlanner.Plan(scenario).Where(job => only is null || only(job.Id)).ToList();

        // Opened before measuring, so a locked or corrupt history stops the run before it spends any time.
        using var history = historyPath is null ? null : RunHistory.Open(historyPath);
        var library = OrtLibrary.Shared;
        var environment = EnvironmentProbe.Capture(library.Version, library.GetAvailableProviders());
        var store = ResultsStore.Create(resultsRoot, ResultsStore.NewRunId(scenario.Name, DateTimeOffset.UtcNow));
        console.MarkupLine($"[bold]{Markup.Escape(scenario.Name)}[/]: {jobs.Count} jobs, ONNX Runtime {Markup.Escape(library.Version)}, results in {Markup.Escape(store.RunDirectory)}");

        var observer = new ConsoleRunObserver(console, TimeProvider.System);
        var orchestrator = new RunOrchestrator(observer, TimeProvider.System);
        RunResults results;
        if (console.Profile.Capabilities.Interactive)
        {
            results = await console.Status().StartAsync("starting", async context =>
            {
                var work = orchestrator.RunAsync(scenario, jobs, store, environment, cancellation);
                while (!work.IsCompleted)
                {
                    context.Status(observer.Status);
                    await Task.WhenAny(work, Task.Delay(250, CancellationToken.None)).ConfigureAwait(false);
                }

                return await work.ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        else
        {
            results = await orchestrator.RunAsync(scenario, jobs, store, environment, cancellation).ConfigureAwait(false);
        }

        var report = RunReport.From(results);
        foreach (var writer in ReportWriters.All)
        {
            writer.Write(report, new ReportDestination(console, store.RunDirectory));
        }

        console.MarkupLine($"results: {Markup.Escape(store.ResultsPath)}");
        foreach (var file in ReportWriters.Files)
        {
            console.MarkupLine($"{Markup.Escape(file.Format)}: {Markup.Escape(Path.Combine(store.RunDirectory, file.FileName!))}");
        }
        if (history is not null)
        {
            history.Append(results, store.ResultsPath);
            console.MarkupLine($"history: {Markup.Escape(historyPath!)}");
        }

        var failed = results.Measurements.Count(m => m.Status == MeasurementStatus.Failed);
        return (store.ResultsPath, failed == 0 ? 0 : 1);
    }
}
