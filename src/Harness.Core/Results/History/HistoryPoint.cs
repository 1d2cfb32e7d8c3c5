namespace Harness.Results.History;

/// <summary>One run's value of one metric of one measurement, as the history recorded it.</summary>
/// <param name="Value">The metric (milliseconds for latencies, per second for rates); null when the run has no such figure (failed).</param>
/// <param name="Fingerprint">The run's environment fingerprint (<see cref="RunFingerprint"/>).</param>
/// <param name="SamplesPath">Where the run's per-request latencies are, as an absolute path; null when it kept none.</param>
public sealed record HistoryPoint(string RunId, DateTimeOffset StartedAt, string Fingerprint, string Status, bool Valid, double? Value, string? SamplesPath);
