using System.Globalization;

namespace Harness.Reports.Gate.Writers;

/// <summary>The figures every gate writer shows, formatted once (invariant culture) so the console, Markdown and JUnit agree.</summary>
internal static class GateFigures
{
    public static string Ratio(PercentileVerdict? p) => p is null
        ? "–"
        : Invariant($"{p.Ratio.BaselineMs:0.###} → {p.Ratio.CurrentMs:0.###} ms ×{p.Ratio.Ratio:0.000} [{p.Ratio.Lower:0.000}, {p.Ratio.Upper:0.000}]");

    public static string PValue(double? p) => p is { } value ? Invariant($"{value:0.####}") : "–";

    public static string Samples(MeasurementVerdict m) => m.BaselineRuns == 0 && m.BaselineSamples == 0 && m.CurrentSamples == 0
        ? "–"
        : Invariant($"{m.BaselineSamples} ({m.BaselineRuns} run{(m.BaselineRuns == 1 ? string.Empty : "s")}) / {m.CurrentSamples}");

    public static string Verdict(MeasurementVerdict m) => GateVerdicts.Name(m.Verdict) + (m.Warning ? " (warning)" : string.Empty) + (m.Rerun ? " (re-run)" : string.Empty) + (m.InTurns ? " (in turns)" : string.Empty);

    public static string Summary(GateReport report)
    {
        var counts = Enum.GetValues<GateVerdict>()
            .Where(v => report.Count(v) > 0)
            .Select(v => Invariant($"{report.Count(v)} {GateVerdicts.Name(v)}"));
        return $"verdict: {GateVerdicts.Name(report.Verdict)} ({string.Join(", ", counts.DefaultIfEmpty("nothing gated"))}; exit code {report.ExitCode})";
    }

    public static string Settings(GateConfig c) => Invariant(
        $"Mann–Whitney at {c.Significance:0.##%}, {c.Confidence:0.##%} bootstrap intervals ({c.Resamples} resamples, seed {c.Seed}), p50 warn/fail {c.P50.Warn:0.#%}/{c.P50.Fail:0.#%}, p99 {c.P99.Warn:0.#%}/{c.P99.Fail:0.#%}, noise floor {c.NoiseFloorMs:0.###} ms, at least {c.MinSamples} samples");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
