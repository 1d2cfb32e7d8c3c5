using System.Globalization;
using Harness.Results;

namespace Harness.Reports;

public enum GateOutcome
{
    Passed,

    /// <summary>Measured, but not to be trusted or not good enough: not valid, over its latency objective, or rejected for accuracy.</summary>
    Failed,

    /// <summary>Not measured: the worker failed or the run was stopped.</summary>
    Error,
    Skipped,
}

/// <summary>
/// What a measurement's checks say: whether it ran, whether its figures are valid, whether it met
/// its latency objective and its accuracy gate. Every measurement is gated at least by running and
/// being valid, so a CI step sees each one as a test case, and the report's warnings are the
/// measurements that did not pass, in plain words.
/// </summary>
/// <param name="Status">The measurement's status as recorded (ok, invalid, failed…).</param>
/// <param name="Reasons">Why it did not pass, one plain sentence each; empty when it passed.</param>
public sealed record MeasurementGate(string Id, string Model, string Variant, string Target, string Load, string Status, GateOutcome Outcome, IReadOnlyList<string> Reasons)
{
    public static MeasurementGate Of(MeasurementResult m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var load = m.Id[(m.Id.LastIndexOf('/') + 1)..];
        MeasurementGate Gate(GateOutcome outcome, IReadOnlyList<string> reasons) => new(m.Id, m.Model, m.Variant, m.Target, load, m.Status, outcome, reasons);
        switch (m.Status)
        {
            case MeasurementStatus.Failed:
                return Gate(GateOutcome.Error, ["failed: " + (m.Error ?? "no reason recorded")]);
            case MeasurementStatus.Interrupted:
                return Gate(GateOutcome.Error, ["interrupted: the run was stopped while it was measured"]);
            case MeasurementStatus.Skipped:
                return Gate(GateOutcome.Skipped, ["skipped" + (m.Error is { } why ? ": " + why : string.Empty)]);
        }

        var reasons = new List<string>();
        if (m.Status == MeasurementStatus.Invalid || !m.Validity.Valid)
        {
            reasons.Add(m.Validity.Reasons.Count == 0 ? "not valid" : "not valid: " + string.Join("; ", m.Validity.Reasons));
        }

        if (m.Slo is { Met: false } slo)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"over its latency objective: p{slo.Percentile * 100:0.##} was {slo.ObservedMs:0.###} ms, at most {slo.LatencyMs:0.###} ms allowed"));
        }

        if (m.Accuracy is { Rejected: true } accuracy)
        {
            reasons.Add("rejected for accuracy" + (accuracy.RejectedReason is { } why ? ": " + why : string.Empty));
        }

        return Gate(reasons.Count == 0 ? GateOutcome.Passed : GateOutcome.Failed, reasons);
    }
}
