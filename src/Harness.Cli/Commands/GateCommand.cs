using System.CommandLine;
using Harness.Reports.Gate;
using Harness.Reports.Gate.Writers;
using Harness.Results;
using Harness.Results.History;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness gate --baseline BASE --current CUR</c>: the CI latency gate. Exit codes: 0 pass (or
/// improvement), 1 regression, 2 usage or input error, 3 inconclusive.
/// </summary>
internal static class GateCommand
{
    /// <summary>The gate file a repository keeps at its root; used when present and --config is not given.</summary>
    public const string DefaultConfigFile = "gate.yaml";

    public static Command Create()
    {
        var baseline = new Option<string>("--baseline") { Description = "A results file, a folder of them, or 'history': the last runs of the same scenario and fingerprint in the run history." };
        var current = new Option<string>("--current") { Description = "The run to judge: " + RunArgument.Description + ".", Required = true };
        var config = new Option<string?>("--config") { Description = "The gate file (default: ./gate.yaml when it exists, else the built-in rules)." };
        var rerun = new Option<bool>("--rerun") { Description = "Measure the flagged measurements (regression, or inconclusive on the numbers) again, then decide on the new run." };
        var junit = new Option<string?>("--junit") { Description = "Also write the verdicts as JUnit XML to this file." };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the verdicts as Markdown to this file (e.g. $GITHUB_STEP_SUMMARY)." };
        var history = HistoryOptions.PathOption();
        var paired = new Option<bool>("--paired") { Description = "--baseline and --current are folders of runs measured in turns on one machine (baseline, current, baseline, …): judge the ratios within pairs, which a machine whose speed drifts does not move." };
        var inTurns = new Option<string?>("--in-turns") { Description = "The baseline's scenario (e.g. the base branch's copy): measure each gated measurement of --current again in turns with the same job planned from it, in one worker, and judge those; a host whose speed drifts moves both sides alike." };
        var save = new Option<string?>("--save-baseline") { Description = "Instead of judging, save the --current run as a baseline file (e.g. results/baselines/ci-gate.json, its samples in ci-gate.samples/)." };
        var command = new Command("gate", "Compare a run's per-request latencies with a baseline's: pass, improvement, regression or inconclusive (exit 0, 0, 1, 3).")
        {
            baseline, current, config, rerun, junit, markdown, history, save, paired, inTurns,
        };
        baseline.Required = false;
        command.SetAction((parse, cancellation) => UserErrors.RunAsync(parse, async output =>
        {
            var rules = LoadConfig(parse.GetValue(config));
            int Report(GateReport report)
            {
                output.Write(GateTextWriter.Render(report));
                if (parse.GetValue(junit) is { } junitPath)
                {
                    File.WriteAllText(junitPath, GateJUnitWriter.Render(report));
                }

                if (parse.GetValue(markdown) is { } markdownPath)
                {
                    File.AppendAllText(markdownPath, GateMarkdownWriter.Render(report));
                }

                return report.ExitCode;
            }

            if (parse.GetValue(paired))
            {
                if (parse.GetValue(save) is not null || parse.GetValue(rerun))
                {
                    throw new UsageException("--paired judges runs already measured in turns; it takes neither --rerun nor --save-baseline");
                }

                if (parse.GetValue(baseline) is not { } baselineFolder || baselineFolder == "history")
                {
                    throw new UsageException("--paired needs --baseline FOLDER: the baseline's runs, made in turns with the current ones");
                }

                return Report(PairedComparison.Compare(GateBaseline.FromPath(baselineFolder), GateBaseline.FromPath(parse.GetValue(current)!), rules));
            }

            var currentRun = GatedRun.Read(RunArgument.Locate(parse.GetValue(current)!).ResultsPath);
            if (parse.GetValue(inTurns) is { } baselineScenario)
            {
                if (parse.GetValue(baseline) is not null || parse.GetValue(save) is not null || parse.GetValue(rerun))
                {
                    throw new UsageException("--in-turns measures its own baseline from the scenario it names; it takes neither --baseline, --rerun nor --save-baseline");
                }

                return Report(await GateInTurns.MeasureAsync(baselineScenario, currentRun, rules, output, cancellation).ConfigureAwait(false));
            }

            if (parse.GetValue(save) is { } savePath)
            {
                var copied = BaselineFile.Save(currentRun, savePath);
                output.WriteLine($"baseline: {savePath} ({copied} samples files)");
                return 0;
            }

            if (parse.GetValue(baseline) is null)
            {
                throw new UsageException("--baseline is required: a results file, a folder of them, or 'history'");
            }

            var baselineRuns = LoadBaseline(parse.GetValue(baseline)!, currentRun, rules, HistoryOptions.Resolve(parse.GetValue(history)));
            var report = BaselineComparison.Compare(baselineRuns, currentRun, rules);
            if (parse.GetValue(rerun))
            {
                report = await GateRerun.ApplyAsync(report, baselineRuns, currentRun, output, cancellation).ConfigureAwait(false);
            }

            return Report(report);
        }));
        return command;
    }

    private static GateConfig LoadConfig(string? path) =>
        path is not null ? GateConfigReader.ReadFile(path)
        : File.Exists(DefaultConfigFile) ? GateConfigReader.ReadFile(DefaultConfigFile)
        : GateConfig.Default;

    private static GateBaseline LoadBaseline(string baseline, GatedRun current, GateConfig rules, string? historyPath)
    {
        if (baseline != "history")
        {
            return GateBaseline.FromPath(baseline);
        }

        if (historyPath is null)
        {
            throw new UsageException("--baseline history needs the run history, which --no-history turns off");
        }

        using var runHistory = RunHistory.Open(historyPath);
        var paths = runHistory.RecentRuns(current.Results.Scenario.Name, RunFingerprint.Of(current.Results.Environment), current.Results.RunId, rules.BaselineRuns);
        var runs = paths.Where(File.Exists).Select(GatedRun.Read).ToList();
        return runs.Count == 0
            ? throw new GateInputException($"the run history {historyPath} holds no earlier run of scenario '{current.Results.Scenario.Name}' on this fingerprint whose results file still exists; run the scenario on this machine first, or give --baseline a results file")
            : new GateBaseline($"history: the last {runs.Count} run{(runs.Count == 1 ? string.Empty : "s")} on this fingerprint", runs);
    }
}
