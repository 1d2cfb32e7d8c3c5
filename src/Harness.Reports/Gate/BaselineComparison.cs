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
        var scenario = current.Results.Scenario.Name;
        foreach (var run in baseline.Runs)
        {
            if (run.Results.Scenario.Name != scenario)
            {
                throw new GateInputException($"{run.ResultsPath} ran scenario '{run.Results.Scenario.Name}' and {current.ResultsPath} ran '{scenario}'; a gate compares runs of the same scenario");
            }
        }

        var ids = baseline.Runs.SelectMany(r => r.Results.Measurements).Concat(current.Results.Measurements)
            .Where(m => m.SamplesFile is not null)
            .Select(m => m.Id)
            .Distinct(StringComparer.Ordinal)
            .Where(id => !config.Ignores(id))
            .ToList();
        var verdicts = new List<MeasurementVerdict>(ids.Count);
        foreach (var id in ids)
        {
            verdicts.Add(Judge(id, baseline, current, config));
        }

        return new GateReport(baseline.Description, current.ResultsPath, scenario, config, verdicts);
    }

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
        }

        if (runs.Count == 0)
        {
            return MeasurementVerdict.Inconclusive(id, reasons.Count == 0 ? ["not in the baseline"] : reasons);
        }

        return LatencyGate.Judge(id, runs, current.Latencies(now), config);
    }

    /// <summary>Why a measurement's latencies are not to be compared (not run, failed, or invalid when validity is required); null when they are.</summary>
    private static string? Unusable(MeasurementResult measurement, GateConfig config)
    {
        var gate = MeasurementGate.Of(measurement);
        var valid = measurement.Status == MeasurementStatus.Ok && measurement.Validity.Valid;
        if (gate.Outcome is GateOutcome.Error or GateOutcome.Skipped || measurement.SamplesFile is null)
        {
            return string.Join("; ", gate.Reasons.DefaultIfEmpty("without per-request latencies"));
        }

        return !valid && config.RequireValid ? string.Join("; ", gate.Reasons) : null;
    }
}
