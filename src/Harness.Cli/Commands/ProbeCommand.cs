using System.CommandLine;
using System.Text.Json;
using Harness.Assets;
using Harness.Cli.Views;
using Harness.Results;
using Harness.Roofline;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness probe [--target cpu|cuda] [--threads N] [--refresh] [--json]</c>: the peaks a run
/// measures each target's roofline against, from the cache under <c>$HARNESS_HOME/roofline</c>
/// or measured now. An unavailable target prints why, and exits 0: that is an answer, not an error.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var target = new Option<string>("--target") { Description = "Which target's peaks: cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        target.AcceptOnlyFromAmong([.. PeakProbes.Targets]);
        var threads = new Option<int>("--threads") { Description = "CPU threads the all-core figures use (default: every logical core)." };
        var device = new Option<int>("--device-id") { Description = "CUDA device to probe (default 0)." };
        var refresh = new Option<bool>("--refresh") { Description = "Measure again even when the peaks are cached." };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("probe", "Measure (or show the cached) peak fp32 and int8 throughput and memory bandwidth of a target: its roofline.")
        {
            target, threads, device, refresh, json,
        };
        command.SetAction(parseResult => UserErrors.Run(parseResult, output =>
        {
            var requestedThreads = parseResult.GetValue(threads);
            if (requestedThreads < 0)
            {
                throw new UsageException($"--threads must be 0 (every core) or more, not {requestedThreads}");
            }

            var probe = PeakProbes.For(parseResult.GetValue(target)!, parseResult.GetValue(device))!;
            var figures = new PeakCache(AssetCatalog.Home).GetOrMeasure(
                probe,
                requestedThreads > 0 ? requestedThreads : Environment.ProcessorCount,
                parseResult.GetValue(refresh));
            if (parseResult.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(figures, ResultsJson.Indented));
            }
            else
            {
                PeakFiguresView.Write(figures, output);
            }

            return 0;
        }));
        return command;
    }
}
