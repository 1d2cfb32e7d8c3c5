namespace Harness.Measure.Loads;

/// <summary>
/// What one run of a load produced: its request log and the facts needed to judge it.
/// </summary>
/// <param name="SamplesPerQuery">Samples in each logged query (batch size, or multi-stream's N).</param>
/// <param name="Unfinished">Queries scheduled but not answered when max_duration ran out.</param>
/// <param name="Batches">Inference calls made (requests per call = logged samples / batches).</param>
/// <param name="WallTicks">The measured window as the loop timed it, when the log alone understates it (a closed loop's own overhead).</param>
public sealed record LoadRun(RequestLog Log, int SamplesPerQuery, int Concurrency, double? TargetQps, int Unfinished, long Batches, bool HitLimit, long? WallTicks = null);
