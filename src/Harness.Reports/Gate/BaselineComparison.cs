using Harness.Results;

namespace Harness.Reports.Gate;

/// <summary>
/// Gates a current run against a baseline, measurement by measurement. A measurement is gated when
/// either side holds per-request latencies for it; it is inconclusive, with the reason, when the
/// current run did not measure it validly, no baseline run measured it validly on the same
/// fingerprint, or too few samples remain. Runs of different scenarios are not compared at all.
/// </summary>
public static class BaselineComparison
{
    public static GateReport Compare(GateBaseline baseline, GatedRun current, GateConfig config)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(config);
        var scenario = OneScenario(current, baseline.Runs);
        var ids = GatedIds([.. baseline.Runs, current], config);
        var verdicts = new List<MeasurementVerdict>(ids.Count);
        foreach (var id in ids)
        {
            verdicts.Add(Judge(id, baseline, current, config));
        }

        return new GateReport(baseline.Description, current.ResultsPath, scenario, config, verdicts);
    }

    /// <summary>The scenario every run ran, named after <paramref name="current"/>; a gate input error where one ran another.</summary>
    internal static string OneScenario(GatedRun current, IEnumerable<GatedRun> others)
    {
        var scenario = current.Results.Scenario.Name;
        return others.FirstOrDefault(r => r.Results.Scenario.Name != scenario) is { } other
            ? throw new GateInputException($"{other.ResultsPath} ran scenario '{other.Results.Scenario.Name}' and {current.ResultsPath} ran '{scenario}'; a gate compares runs of the same scenario")
            : scenario;
    }

    /// <summary>The measurements to gate: those with per-request latencies on either side, less the ignored ones, in first-seen order.</summary>
    public static List<string> GatedIds(IEnumerable<GatedRun> runs, GateConfig config) =>
        [.. runs.SelectMany(r => r.Results.Measurements)
            .Where(m => m.SamplesFile is not null)
            .Select(m => m.Id)
            .Distinct(StringComparer.Ordinal)
            .Where(id => !config.Ignores(id))];

    /// <summary>One measurement, the current run's latencies against those of every usable baseline run (pooled; their run-to-run noise may raise the threshold).</summary>
    public static MeasurementVerdict Judge(string id, GateBaseline baseline, GatedRun current, GateConfig config)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(config);
        var now = current.Results.Measurements.FirstOrDefault(m => m.Id == id);
        if (now is null)
        {
            return MeasurementVerdict.Inconclusive(id, ["not in the current run: the baseline measured it, the current run did not"]);
        }

        if (Unusable(now, config) is { } whyNot)
        {
            return MeasurementVerdict.Inconclusive(id, ["the current run's measurement is " + whyNot]);
        }

        var reasons = new List<string>();
        var runs = new List<double[]>();
        var speeds = new List<MachineSpeedInfo>();
        MeasurementResult? inTurns = null;
        foreach (var run in baseline.Runs)
        {
            var before = run.Results.Measurements.FirstOrDefault(m => m.Id == id);
            if (before is null)
            {
                continue;
            }

            if (run.Fingerprint != current.Fingerprint)
            {
                reasons.Add($"{run.Results.RunId}: fingerprint mismatch: measured on {RunFingerprint.Describe(run.Results.Environment)}, the current run on {RunFingerprint.Describe(current.Results.Environment)}");
                continue;
            }

            if (Unusable(before, config) is { } baselineWhyNot)
            {
                reasons.Add($"{run.Results.RunId}: the baseline's measurement is {baselineWhyNot}");
                continue;
            }

            runs.Add(run.Latencies(before));
            speeds.AddRange(before.MachineSpeed is { } speed ? [speed] : []);
            inTurns = baseline.Runs.Count == 1 && TurnComparison.InTurns(run, before, current, now) ? before : null;
        }

        if (runs.Count == 0)
        {
            return MeasurementVerdict.Inconclusive(id, reasons.Count == 0 ? ["not in the baseline"] : reasons);
        }

        if (OtherSpeed(now, speeds, config) is { } otherSpeed)
        {
            return MeasurementVerdict.Inconclusive(id, [otherSpeed]);
        }

        return inTurns is not null
            ? TurnComparison.Judge(id, runs[0], inTurns.TurnStarts!, current.Latencies(now), now.TurnStarts!, config) with { InTurns = true }
            : LatencyGate.Judge(id, runs, current.Latencies(now), config);
    }

    /// <summary>
    /// Why the current run cannot be set against the baseline's: the machine ran at another speed,
    /// before or after the measurement (the reference kernel's rate against the median of the
    /// baseline runs' at the same point), so every latency moved with it, whatever the model did.
    /// Null when the speeds agree or were not sampled.
    /// </summary>
    private static string? OtherSpeed(MeasurementResult now, List<MachineSpeedInfo> baselineSpeeds, GateConfig config)
    {
        if (config.MachineSpeedTolerance <= 0 || now.MachineSpeed is not { } current || baselineSpeeds.Count == 0)
        {
            return null;
        }

        foreach (var (when, speedNow, speedThen) in new[]
        {
            ("before", current.BeforeGflops, Median(baselineSpeeds.Select(s => s.BeforeGflops))),
            ("after", current.AfterGflops, Median(baselineSpeeds.Select(s => s.AfterGflops))),
        })
        {
            var ratio = speedNow / speedThen;
            if (Math.Max(ratio, 1 / ratio) - 1 > config.MachineSpeedTolerance)
            {
                return Invariant($"the machine ran {Math.Abs(ratio - 1):0.#%} {(ratio > 1 ? "faster" : "slower")} than during the baseline ({when} the measurement, the reference kernel gave {speedNow:0.#} GFLOP/s now and {speedThen:0.#} then; machine_speed_tolerance {config.MachineSpeedTolerance:0.#%}): every latency moves with the machine, so a change in the model cannot be told; compare runs made at one speed");
            }
        }

        return null;
    }

    private static double Median(IEnumerable<double> values) => Harness.Statistics.Quantile.OfSorted([.. values.Order()], 0.5);

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Why a measurement's latencies are not to be compared (not run, failed, or invalid when validity is required); null when they are.</summary>
    internal static string? Unusable(MeasurementResult measurement, GateConfig config)
    {
        var gate = MeasurementGate.Of(measurement);
        var valid = measurement.Status == MeasurementStatus.Ok && measurement.Validity.Valid;
        if (gate.Outcome is GateOutcome.Error or GateOutcome.Skipped || measurement.SamplesFile is null)
        {
            return string.Join("; ", gate.Reasons.DefaultIfEmpty("without per-request latencies"));
        }

        // A side measured in turns is compared even where its windows disagree: the machine's drift
        // that moved it moved the other side alike, turn by turn.
        return !valid && config.RequireValid && measurement.TurnStarts is null ? string.Join("; ", gate.Reasons) : null;
    }
}
