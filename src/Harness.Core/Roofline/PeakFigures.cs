using System.Text.Json.Serialization;

namespace Harness.Roofline;

/// <summary>
/// What one target's hardware allows, as measured by its probe: the roof of the roofline. Rates
/// are in giga-operations per second (one fused multiply-add counts two), bandwidth in GB/s
/// (10^9 bytes). A figure the probe could not measure is null, with the reason beside it.
/// </summary>
/// <param name="Target">The target kind probed: <c>cpu</c> or <c>cuda</c>.</param>
/// <param name="Device">The processor or GPU, by name.</param>
/// <param name="Status"><see cref="PeakStatus.Measured"/> or <see cref="PeakStatus.Unavailable"/>.</param>
/// <param name="Reason">Why the target could not be probed (unavailable), or null.</param>
/// <param name="Threads">Threads the all-core figures ran on (CPU: the target's thread count; GPU: threads launched).</param>
/// <param name="Fp32Gflops">fp32 FMA throughput over all <see cref="Threads"/>.</param>
/// <param name="Fp32GflopsOneCore">fp32 FMA throughput of one core (CPU only).</param>
/// <param name="Int8Gops">int8 multiply-accumulate throughput over all threads (two ops each), where the hardware and .NET can express it.</param>
/// <param name="Int8Note">Which instruction measured int8, or why it was not measured.</param>
/// <param name="BandwidthGBps">Streaming triad bandwidth (a = b + s·c) over buffers far larger than the caches.</param>
/// <param name="Method">The kernels behind the figures, in a few words (vector width, buffer sizes).</param>
public sealed record PeakFigures(
    string Target,
    string Device,
    string Status,
    string? Reason,
    int Threads,
    double? Fp32Gflops,
    double? Fp32GflopsOneCore,
    double? Int8Gops,
    string Int8Note,
    double? BandwidthGBps,
    string Method,
    DateTimeOffset MeasuredAt)
{
    /// <summary>The agent machine the probe ran on, for a remote target (its host name); null for this machine.</summary>
    public string? Host { get; init; }

    [JsonIgnore]
    public bool IsMeasured => Status == PeakStatus.Measured;

    public static PeakFigures Unavailable(string target, string device, string reason, DateTimeOffset at) =>
        new(target, device, PeakStatus.Unavailable, reason, 0, null, null, null, "not measured", null, "", at);
}

public static class PeakStatus
{
    public const string Measured = "measured";
    public const string Unavailable = "unavailable";
}
