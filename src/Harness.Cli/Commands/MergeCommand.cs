using System.CommandLine;
using Harness.Execute.Merging;
using Harness.Plan;
using Harness.Results;
using Spectre.Console;

namespace Harness.Cli.Commands;

/// <summary><c>harness merge RUN…</c>: the shards of one sharded run put back together as one run, with its reports.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var runsArgument = new Argument<string[]>("runs") { Description = "every shard's run folder (or results.json)", Arity = ArgumentArity.OneOrMore };
        var resultsOption = new Option<string>("--results") { Description = "folder for the merged run", DefaultValueFactory = _ => "results" };
        var scenarioOption = new Option<string?>("--scenario") { Description = "the scenario file, where the path the shards recorded does not find it (it must be the same file)" };
        var command = new Command("merge", "Merge the shards of a run (harness run --shard i/n) into one run, after checking they belong together.")
        {
            runsArgument,
            resultsOption,
            scenarioOption,
        };
        command.SetAction(parse => UserErrors.Run(parse, _ =>
        {
            var merged = Merge(parse.GetValue(runsArgument)!, parse.GetValue(resultsOption)!, parse.GetValue(scenarioOption));
            return merged.Measurements.Any(m => m.Status == MeasurementStatus.Failed) ? 1 : 0;
        }));
        return command;
    }

    public static RunResults Merge(IReadOnlyList<string> runs, string resultsRoot, string? scenarioPath)
    {
        var console = AnsiConsole.Console;
        var shards = runs.Select(run =>
        {
            var (folder, resultsPath) = RunArgument.Locate(run);
            return new ShardRun(folder, RunArgument.Read(resultsPath));
        }).ToList();
        var scenario = ScenarioParser.ParseFile(scenarioPath ?? shards[0].Run.Scenario.Path);
        var runId = ResultsStore.NewRunId(scenario.Name, DateTimeOffset.UtcNow) + "-merged";
        var merged = ShardMerge.Merge(shards, scenario, runId);

        // Checked in full above; only now is anything written. results.json comes after the samples:
        // a folder without it is not a run, so a merge cut short leaves nothing that passes for one.
        var store = ResultsStore.Create(resultsRoot, runId);
        merged = merged with { RunId = store.RunId };
        foreach (var shard in shards)
        {
            foreach (var samples in shard.Run.Measurements.Select(m => m.SamplesFile).OfType<string>())
            {
                var source = Path.Combine(shard.Folder, samples);
                if (File.Exists(source))
                {
                    File.Copy(source, Path.Combine(store.RunDirectory, samples), overwrite: true);
                }
            }
        }

        console.MarkupLine($"merged {shards.Count} shards of [bold]{Markup.Escape(scenario.Name)}[/]: {merged.Measurements.Count} measurements");
        foreach (var node in merged.Merged!.Nodes)
        {
            console.MarkupLine($"node {node.Fingerprint}: {Markup.Escape(node.Environment.Cpu)}, {node.Environment.Cores} cores, ONNX Runtime {Markup.Escape(node.Environment.OnnxRuntime)} (shards {string.Join(", ", node.Shards)})");
        }

        if (merged.Merged.UnlikeNodes)
        {
            console.MarkupLine($"[yellow]warning[/]: the shards ran on {merged.Merged.Nodes.Count} unlike nodes; compare figures only between measurements of one node");
        }

        store.Write(merged);
        RunCommand.WriteReports(console, merged, store);
        return merged;
    }
}
