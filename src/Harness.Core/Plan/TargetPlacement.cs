namespace Harness.Plan;

/// <summary>
/// The cores a target's worker runs on: the listed ones (<c>cores: [0, 1]</c>), or the first
/// <see cref="Count"/> of those the worker may use (<c>pin: 2</c>), resolved on the machine that
/// runs the worker, which need not be the one that planned the job.
/// </summary>
/// <param name="Cores">The logical cores, by the kernel's numbering; null picks the first <see cref="Count"/>.</param>
public sealed record CorePinning(IReadOnlyList<int>? Cores, int Count)
{
    public static CorePinning Listed(IReadOnlyList<int> cores) => new(cores, cores.Count);

    public static CorePinning First(int count) => new(null, count);

    public bool Equals(CorePinning? other) =>
        other is not null && Count == other.Count && (Cores is null ? other.Cores is null : other.Cores is not null && Cores.SequenceEqual(other.Cores));

    public override int GetHashCode() => HashCode.Combine(Count, Cores?.Count);

    public override string ToString() => Cores is null ? $"the first {Count} core{(Count == 1 ? string.Empty : "s")}" : "cores " + string.Join(",", Cores);
}

/// <summary>
/// What an emulated edge target stands for: a device profile (from <c>devices.yaml</c>) whose core
/// count and memory the worker is held to on this machine's CPU. Its figures are emulated, never
/// the device's own: results and reports say so.
/// </summary>
/// <param name="Profile">The profile's name in the device table (raspberry-pi-5).</param>
/// <param name="Device">The device's full name (Raspberry Pi 5, 8 GB).</param>
/// <param name="Cpu">The device's CPU (4× Arm Cortex-A76 at 2.4 GHz).</param>
public sealed record EdgeEmulation(string Profile, string Device, string Cpu, int Cores, long MemoryBytes)
{
    /// <summary>The device's published peaks, where the target asks for projected figures (<c>projected: true</c>); null otherwise.</summary>
    public Devices.PublishedPerformance? Published { get; init; }
}
