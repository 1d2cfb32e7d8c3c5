using System.Globalization;
using Harness.Execute;
using Harness.Plan;
using Harness.Reports;
using Harness.Reports.Writers;
using Harness.Results;
using Spectre.Console;

namespace Harness.Cli.Views;

/// <summary>
/// Shows a run as it happens: a line per job with its outcome and, on a terminal, a live status
/// line with the current job, its phase and the elapsed time. Time comes from the given clock, so
/// what it prints can be compared with expected text.
/// </summary>
internal sealed class ConsoleRunObserver(IAnsiConsole console, TimeProvider clock) : IRunObserver
{
    private readonly long runStart = clock.GetTimestamp();
    private long jobStart = clock.GetTimestamp();
    private volatile string status = "starting";

    public string Status => $"{status} [grey]({JobElapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s, run {clock.GetElapsedTime(runStart).ToString(@"mm\:ss", CultureInfo.InvariantCulture)})[/]";

    private TimeSpan JobElapsed => clock.GetElapsedTime(Interlocked.Read(ref jobStart));

    public void JobStarted(MeasurementJob job, int index, int count)
    {
        Interlocked.Exchange(ref jobStart, clock.GetTimestamp());
        status = $"[[{index + 1}/{count}]] {Markup.Escape(job.Id)}: starting";
    }

    public void JobPhase(MeasurementJob job, string phase) =>
        status = status[..(status.LastIndexOf(':') + 1)] + " " + Markup.Escape(phase);

    public void ResultsNotWritten(string message) =>
        console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");

    public void JobFinished(MeasurementResult result, int index, int count)
    {
        var seconds = JobElapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var head = $"[[{index + 1}/{count}]] {Markup.Escape(result.Id)}";
        if (result.VariantInfo is { CacheHit: false } variant)
        {
            var skipped = variant.Skipped.Count > 0
                ? "; left as they were: " + string.Join(", ", variant.Skipped.Take(4).Select(s => $"{s.Count} {s.OpType} ({s.Reason})"))
                : string.Empty;
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"    prepared {variant.Kind}: {variant.SizeBytes / 1048576.0:0.0} MiB ({variant.SizeRatio:P0} of the source), {variant.Transformed} nodes rewritten{skipped}")));
        }

        if (result.Accuracy is { } accuracy)
        {
            console.MarkupLine($"{head} [green]ok[/]  {Markup.Escape(ConsoleAccuracyTable.Describe(AccuracyRow.From(result)))}  [grey]{seconds}s[/]");
            foreach (var shift in accuracy.Shifts)
            {
                var drift = shift.PopulationStabilityIndex is { } psi ? $", PSI {psi:0.00}, KS {shift.KolmogorovSmirnov:0.00}" : string.Empty;
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"    under {shift.Kind}({shift.Strength:0.###}): {accuracy.Headline.Metric} {shift.Value:0.000} (drop {shift.Drop:+0.000;-0.000;0.000}){drift}")));
            }
        }
        else if (result.Fidelity is { Count: > 0 } fidelity && result.LatencyMs is null)
        {
            foreach (var output in fidelity)
            {
                var figures = string.Create(CultureInfo.InvariantCulture, $"'{output.Output}' against {output.Reference}: cos {output.MeanCosine:0.0000}, max abs {output.MaxAbsError:0.####}, max rel {output.MaxRelError * 100:0.##}%, agree {output.ArgmaxAgreement * 100:0.#}%");
                console.MarkupLine($"{(output == fidelity[0] ? head + " [green]ok[/]" : "   ")}  {Markup.Escape(figures)}  [grey]{seconds}s[/]");
            }
        }
        else if (result.LatencyMs is { } latency && result.Throughput is { } throughput)
        {
            var flag = result.Status == MeasurementStatus.Ok ? "[green]ok[/]" : "[yellow]invalid[/]";
            var server = result.Slo is { } slo
                ? $"  {(result.Probes is null ? "at" : "peak")} {result.Load.TargetQps?.ToString("0.#", CultureInfo.InvariantCulture)} qps: p{slo.Percentile * 100:0.##} {Ms(slo.ObservedMs)} {(slo.Met ? "[green]≤[/]" : "[red]>[/]")} SLO {Ms(slo.LatencyMs)}" +
                  (result.Probes is { } probes ? $" ({probes.Count} probes)" : string.Empty)
                : string.Empty;
            var batching = result.Load.Batcher is { } batcher ? $"  mean batch {batcher.MeanBatchSize.ToString("0.0", CultureInfo.InvariantCulture)}" : string.Empty;
            console.MarkupLine(
                $"{head} {flag}  p50 {Ms(latency.P50)}  p90 {Ms(latency.P90)}  p99 {Ms(latency.P99)}  " +
                $"{throughput.SamplesPerSec.ToString("0.0", CultureInfo.InvariantCulture)} samples/s{server}{batching}  [grey]{seconds}s[/]");
            foreach (var reason in result.Validity.Reasons)
            {
                console.MarkupLine($"    [yellow]{Markup.Escape(reason)}[/]");
            }
        }
        else
        {
            console.MarkupLine($"{head} [red]{Markup.Escape(result.Status)}[/]: {Markup.Escape(result.Error ?? string.Empty)}");
        }
    }

    private static string Ms(double value) => value.ToString(value < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture) + " ms";
}
