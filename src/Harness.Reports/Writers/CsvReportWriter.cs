using System.Globalization;
using System.Text;

namespace Harness.Reports.Writers;

/// <summary>
/// <c>results.csv</c>: one row per measurement with every headline figure (latency percentiles,
/// throughput, cold start, memory, the accuracy headline with its interval) and what its checks
/// said, for spreadsheets and scripts. Numbers are invariant-culture and unrounded; an empty cell
/// is a figure not measured. Quoting follows RFC 4180.
/// </summary>
public sealed class CsvReportWriter : IReportWriter
{
    public const string File = "results.csv";

    private static readonly string[] Columns =
    [
        "measurement", "model", "variant", "target", "load", "status", "gate", "reasons",
        "p50_ms", "p90_ms", "p99_ms", "queries_per_sec", "samples_per_sec", "cold_start_ms", "peak_rss_mib",
        "dataset", "metric", "value", "lower", "upper", "higher_is_better", "rejected", "samples", "failed_samples",
        "figures", "fingerprint",
    ];

    public string Format => "csv";

    public string? FileName => File;

    public void Write(RunReport report, ReportDestination destination)
    {
        ArgumentNullException.ThrowIfNull(report);
        ReportFile.Write(destination, File, Render(report));
    }

    internal static string Render(RunReport report)
    {
        var speed = report.Speed.ToDictionary(r => r.Id);
        var accuracy = report.Accuracy.ToDictionary(r => r.Id);
        var targets = report.Targets.ToDictionary(t => t.Target);
        var text = new StringBuilder();
        Line(text, Columns);
        foreach (var gate in report.Gates)
        {
            var s = speed.GetValueOrDefault(gate.Id);
            var a = accuracy.GetValueOrDefault(gate.Id);
            var t = targets.GetValueOrDefault(gate.Target);
            Line(text, [
                gate.Id, gate.Model, gate.Variant, gate.Target, gate.Load,
                gate.Status, gate.Outcome.ToString().ToLowerInvariant(), string.Join("; ", gate.Reasons),
                Number(s?.P50Ms), Number(s?.P90Ms), Number(s?.P99Ms), Number(s?.QueriesPerSec), Number(s?.SamplesPerSec ?? a?.SamplesPerSec),
                Number(s?.ColdStartMs), Number(s?.PeakRssMiB),
                a?.Dataset ?? string.Empty, a?.Headline.Metric ?? string.Empty, Number(a?.Headline.Value), Number(a?.Headline.Lower), Number(a?.Headline.Upper),
                a is null ? string.Empty : Flag(a.Headline.HigherIsBetter), a is null ? string.Empty : Flag(a.Rejected),
                a?.Samples.ToString(CultureInfo.InvariantCulture) ?? string.Empty, a?.FailedSamples.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                t?.Figures ?? string.Empty, t?.Fingerprint.Hash ?? string.Empty,
            ]);
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, IEnumerable<string> cells) => text.AppendJoin(',', cells.Select(Quoted)).Append('\n');

    private static string Quoted(string cell) => cell.AsSpan().IndexOfAny(",\"\r\n") < 0
        ? cell
        : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // "R" keeps every digit, so a script reading the file gets the figure results.json holds.
    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Flag(bool value) => value ? "true" : "false";
}
