using System.CommandLine;
using Harness.Cli.Views;
using Harness.Distill.Training;
using Harness.Execute;
using Harness.Onnx.Runtime;
using Harness.Plan;
using Harness.Plan.Sharding;
using Harness.Prepare;
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
        var scenarioArgument = new Argument<string?>("scenario") { Description = "the scenario YAML file (with --resume: only where the run's own path no longer finds it)", Arity = ArgumentArity.ZeroOrOne };
        var resultsOption = new Option<string>("--results") { Description = "folder for run outputs", DefaultValueFactory = _ => "results" };
        var shardOption = new Option<string?>("--shard") { Description = "measure only part i/n of the jobs (i from 0), balanced by expected cost; merge the parts with 'harness merge'" };
        var resumeOption = new Option<string?>("--resume") { Description = "finish an interrupted run (its folder): measure only the jobs it has no result for" };
        var historyOption = HistoryOptions.PathOption();
        var noHistoryOption = HistoryOptions.OffOption();
        var command = new Command("run", "Run a scenario: measure every model × target × load and write results/<run-id>/results.json.")
        {
            scenarioArgument,
            resultsOption,
            shardOption,
            resumeOption,
            historyOption,
            noHistoryOption,
        };
        command.SetAction((parse, cancellation) => UserErrors.RunAsync(parse, async _ =>
        {
            using var stop = new StopSignals(cancellation);
            var scenarioPath = parse.GetValue(scenarioArgument);
            var shard = parse.GetValue(shardOption);
            var historyPath = parse.GetValue(noHistoryOption) ? null : HistoryOptions.Resolve(parse.GetValue(historyOption));
            var (_, exitCode) = parse.GetValue(resumeOption) is { } resume
                ? await ResumeAsync(resume, scenarioPath, shard, historyPath, stop.Token).ConfigureAwait(false)
                : await RunAsync(scenarioPath ?? throw new UsageException("name the scenario to run (harness run SCENARIO), or a run to finish (harness run --resume RUN)"), parse.GetValue(resultsOption)!, shard, historyPath, null, stop.Token).ConfigureAwait(false);
            return stop.ExitCode ?? exitCode;
        }));
        return command;
    }

    /// <summary>
    /// Measures a scenario's jobs (or one shard of them; only those <paramref name="only"/> keeps, where given),
    /// writes results and reports, and appends the run to the history when <paramref name="historyPath"/> is given.
    /// </summary>
    public static Task<(string ResultsPath, int ExitCode)> RunAsync(string scenarioPath, string resultsRoot, string? shardText, string? historyPath, Func<string, bool>? only, CancellationToken cancellation)
    {
        var shard = shardText is null ? (ShardSpec?)null : ShardSpec.Parse(shardText);
        var scenario = ScenarioParser.ParseFile(scenarioPath);
        scenario = TrainModels(scenario);
        IReadOnlyList<MeasurementJob> jobs = [.. JobPlanner.Plan(scenario).Where(job => only is null || only(job.Id))];
        ShardInfo? shardInfo = null;
        if (shard is { } part)
        {
            jobs = ShardPartition.JobsOf(jobs, part, LoadCostEstimate.Instance);
            shardInfo = new ShardInfo(part.Index, part.Count, [.. jobs.Select(j => j.Id)]);
        }

        var runId = ResultsStore.NewRunId(scenario.Name, DateTimeOffset.UtcNow) + (shard is { } s ? $"-shard{s.Index}of{s.Count}" : string.Empty);
        var store = ResultsStore.Create(resultsRoot, runId);
        return MeasureAsync(scenario, jobs, store, environment => RunOrchestrator.Start(scenario, store, environment, shardInfo, DateTimeOffset.UtcNow), historyPath, cancellation);
    }

    private static Task<(string ResultsPath, int ExitCode)> ResumeAsync(string run, string? scenarioPath, string? shardText, string? historyPath, CancellationToken cancellation)
    {
        if (shardText is not null)
        {
            throw new UsageException("--resume carries on a run with its own shard; leave out --shard");
        }

        var (folder, _) = RunArgument.Locate(run);
        var store = ResultsStore.Open(folder);
        var started = RunResumption.Recover(store);
        var scenario = ScenarioParser.ParseFile(scenarioPath ?? started.Scenario.Path);
        scenario = TrainModels(scenario);
        var jobs = RunResumption.JobsOf(started, scenario, EnvironmentProbe.Harness());
        AnsiConsole.Console.MarkupLine($"resuming {Markup.Escape(started.RunId)}: {started.Measurements.Count(m => jobs.Any(j => j.Id == m.Id))} of {jobs.Count} jobs kept");
        return MeasureAsync(scenario, jobs, store, _ => started, historyPath, cancellation);
    }

    /// <summary>Models a scenario trains (<c>train:</c>) are trained once, before planning, into the cache; one that cannot be is marked, and only its jobs fail.</summary>
    internal static Scenario TrainModels(Scenario scenario)
    {
        var console = AnsiConsole.Console;
        return TrainedModels.EnsureAll(scenario, line => console.MarkupLine(Markup.Escape(line)), epoch => console.MarkupLine(Markup.Escape(EpochLine.Format(epoch))));
    }

    private static async Task<(string ResultsPath, int ExitCode)> MeasureAsync(
        Scenario scenario, IReadOnlyList<MeasurementJob> jobs, ResultsStore store, Func<EnvironmentInfo, RunResults> start, string? historyPath, CancellationToken cancellation)
    {
        var console = AnsiConsole.Console;

        // Opened before measuring, so a locked or corrupt history stops the run before it spends any time.
        using var history = historyPath is null ? null : RunHistory.Open(historyPath);
        var library = OrtLibrary.Shared;
        var environment = EnvironmentProbe.Capture(library.Version, library.GetAvailableProviders());
        var started = start(environment);
        console.MarkupLine($"[bold]{Markup.Escape(scenario.Name)}[/]: {jobs.Count} jobs{(started.Shard is { } shard ? $" (shard {shard.Index}/{shard.Count})" : string.Empty)}, ONNX Runtime {Markup.Escape(library.Version)}, results in {Markup.Escape(store.RunDirectory)}");

        var observer = new ConsoleRunObserver(console, TimeProvider.System);
        var orchestrator = new RunOrchestrator(observer, TimeProvider.System);
        RunResults results;
        if (console.Profile.Capabilities.Interactive)
        {
            results = await console.Status().StartAsync("starting", async context =>
            {
                var work = orchestrator.ContinueAsync(started, scenario, jobs, store, environment, cancellation);
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
            results = await orchestrator.ContinueAsync(started, scenario, jobs, store, environment, cancellation).ConfigureAwait(false);
        }

        WriteReports(console, results, store);
        if (history is not null)
        {
            history.Append(results, store.ResultsPath);
            console.MarkupLine($"history: {Markup.Escape(historyPath!)}");
        }

        var failed = results.Measurements.Count(m => m.Status == MeasurementStatus.Failed);
        return (store.ResultsPath, failed == 0 ? 0 : 1);
    }

    /// <summary>Every report of a run's results into its folder, and where each went.</summary>
    public static void WriteReports(IAnsiConsole console, RunResults results, ResultsStore store)
    {
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
    }
}
