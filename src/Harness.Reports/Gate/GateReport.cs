namespace Harness.Reports.Gate;

/// <summary>Everything one <c>harness gate</c> decided: each gated measurement's verdict and the overall one.</summary>
/// <param name="Baseline">What the current run was compared with, in words (a path, or "history: last 5 runs").</param>
/// <param name="Current">The current results file.</param>
/// <param name="Scenario">The scenario both sides ran.</param>
public sealed record GateReport(string Baseline, string Current, string Scenario, GateConfig Config, IReadOnlyList<MeasurementVerdict> Measurements)
{
    /// <summary>The worst verdict of any measurement; pass when nothing was gated.</summary>
    public GateVerdict Verdict => Measurements.Aggregate(GateVerdict.Pass, (worst, m) => GateVerdicts.Worst(worst, m.Verdict));

    public int ExitCode => GateVerdicts.ExitCode(Verdict);

    public int Count(GateVerdict verdict) => Measurements.Count(m => m.Verdict == verdict);
}
