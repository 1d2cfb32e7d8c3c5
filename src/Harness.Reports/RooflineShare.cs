namespace Harness.Reports;

/// <summary>
/// How close one measurement came to its roofline: the throughput its target's peak compute and
/// memory bandwidth allow for the model's arithmetic intensity.
/// </summary>
/// <param name="Load">The load part of the job id (single-stream, offline-b8).</param>
/// <param name="Share">Achieved over attainable, 0 to 1.</param>
public sealed record RooflineShare(string Model, string Variant, string Target, string Load, double Share);
