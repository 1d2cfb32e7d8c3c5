namespace Harness.Reports.Gate;

/// <summary>
/// How far a latency percentile may move before the gate says so: past <see cref="Warn"/> a
/// passing measurement carries a warning; past <see cref="Fail"/> (and proven past it, see
/// <see cref="LatencyGate"/>) it is a regression. Both are fractions of the baseline (0.05 = 5%).
/// </summary>
public sealed record GateThreshold(double Warn, double Fail);

/// <summary>Thresholds that replace the defaults for the measurements whose id matches <see cref="Match"/> (a glob: <c>*</c> stands for any text).</summary>
public sealed record GateOverride(string Match, GateThreshold P50, GateThreshold P99);

/// <summary>
/// The gate's settings, from the repository's <c>gate.yaml</c> (see <see cref="GateConfigReader"/>)
/// or these defaults. The defaults were chosen on a noisy shared 2-core machine: the median must
/// be proven more than 5% slower, the p99 more than 20% (its run-to-run spread is far wider).
/// </summary>
/// <param name="Significance">One-sided Mann–Whitney level for "slower" or "faster".</param>
/// <param name="Confidence">Level of the bootstrap intervals on the ratios of percentiles.</param>
/// <param name="Resamples">Bootstrap resamples per interval.</param>
/// <param name="Seed">Seeds the bootstrap, so the same files always get the same verdict.</param>
/// <param name="MinSamples">Fewer per-request latencies on either side make the measurement inconclusive.</param>
/// <param name="NoiseFloorMs">A percentile that moved by less than this many milliseconds passes whatever its ratio: the clock's and the scheduler's grain.</param>
/// <param name="BaselineRuns">The history baseline: the last N runs with the current run's fingerprint.</param>
/// <param name="RequireValid">A run that its own checks marked invalid (unsteady, too short) is inconclusive rather than compared.</param>
/// <param name="MachineSpeedTolerance">Runs whose machine speed (<see cref="Harness.Results.MachineSpeedInfo"/>) differs from the baseline's by more than this fraction, before or after the measurement, are not compared: the machine changed, not necessarily the model. 0 turns the check off.</param>
/// <param name="Ignore">Measurement id globs the gate leaves out.</param>
public sealed record GateConfig(
    double Significance,
    double Confidence,
    int Resamples,
    int Seed,
    int MinSamples,
    double NoiseFloorMs,
    GateThreshold P50,
    GateThreshold P99,
    int BaselineRuns,
    bool RequireValid,
    double MachineSpeedTolerance,
    IReadOnlyList<GateOverride> Overrides,
    IReadOnlyList<string> Ignore)
{
    public static GateConfig Default { get; } = new(
        Significance: 0.01,
        Confidence: 0.99,
        Resamples: 1000,
        Seed: 1,
        MinSamples: 100,
        NoiseFloorMs: 0.02,
        P50: new GateThreshold(0.03, 0.05),
        P99: new GateThreshold(0.10, 0.20),
        BaselineRuns: 5,
        RequireValid: true,
        MachineSpeedTolerance: 0.10,
        Overrides: [],
        Ignore: []);

    public bool Ignores(string measurementId) => Ignore.Any(glob => IdGlob.Matches(glob, measurementId));

    /// <summary>The thresholds for one measurement: the last override that matches it, else the defaults.</summary>
    public (GateThreshold P50, GateThreshold P99) ThresholdsFor(string measurementId)
    {
        for (var i = Overrides.Count - 1; i >= 0; i--)
        {
            if (IdGlob.Matches(Overrides[i].Match, measurementId))
            {
                return (Overrides[i].P50, Overrides[i].P99);
            }
        }

        return (P50, P99);
    }
}
