namespace Harness.Results;

/// <summary>
/// One target of a run as results record it: where its figures come from (<see cref="Figures"/>:
/// <c>measured</c>, or <c>emulated on &lt;host CPU&gt;</c>), its environment fingerprint, and the
/// device it stands for where it emulates one.
/// </summary>
/// <param name="Device">cpu, noop, cuda or edge.</param>
/// <param name="Figures">The label each of the target's measurements carries.</param>
public sealed record TargetEnvironment(string Target, string Device, string Figures, Fingerprint Fingerprint)
{
    /// <summary>The device profile an emulated target stands for; null for the other targets.</summary>
    public EmulatedDeviceInfo? Emulates { get; init; }
}

/// <summary>An emulated device: its profile, and what of it this machine could give (fewer cores than the device has, say).</summary>
/// <param name="CoresUsed">The cores the emulation ran on: the profile's count, or fewer where this machine has fewer.</param>
public sealed record EmulatedDeviceInfo(string Profile, string Device, string Cpu, int Cores, long MemoryBytes, int CoresUsed);
