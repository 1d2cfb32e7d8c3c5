namespace Harness.Devices;

/// <summary>
/// An edge device as <c>devices.yaml</c> describes it: what an emulated target is held to (its
/// cores and memory), what it is (its CPU), what its maker or a reviewer published about its
/// speed, and which entry of the price table holds its price and power. Every profile names its
/// source and date: a figure without them cannot be judged.
/// </summary>
/// <param name="Name">The profile's key (raspberry-pi-5), as targets name it.</param>
/// <param name="Device">The device's full name (Raspberry Pi 5, 8 GB).</param>
/// <param name="Cpu">Its CPU in words (4× Arm Cortex-A76 at 2.4 GHz).</param>
/// <param name="Architecture">arm64, x64, …: what a real deployment's agent would be built for.</param>
/// <param name="Cores">CPU cores: the emulating worker is pinned to this many and runs this many threads.</param>
/// <param name="MemoryBytes">The device's memory: the most a variant may need to fit.</param>
/// <param name="Performance">Published speed figures, where there are any.</param>
/// <param name="PriceEntry">The price table's <c>devices</c> entry with the device's price, lifetime and watts; null for an unpriced profile.</param>
public sealed record DeviceProfile(
    string Name,
    string Device,
    string Cpu,
    string Architecture,
    int Cores,
    long MemoryBytes,
    PublishedPerformance? Performance,
    string? PriceEntry,
    string Source,
    string Date)
{
    /// <summary>What an emulated target of this profile is held to.</summary>
    public Plan.EdgeEmulation Emulation => new(Name, Device, Cpu, Cores, MemoryBytes);
}

/// <summary>
/// A device's speed as published, for comparing emulated figures with what the device allows
/// (and, later, projecting onto it). Either figure may be missing where nobody published it.
/// </summary>
/// <param name="PeakGflops">Peak fp32 compute, GFLOP/s (cores × clock × FMA lanes × 2, or a published benchmark).</param>
/// <param name="MemoryBandwidthGBps">Peak memory bandwidth, GB/s (10⁹ bytes a second).</param>
/// <param name="Source">Where the figures come from, and how they were derived.</param>
public sealed record PublishedPerformance(double? PeakGflops, double? MemoryBandwidthGBps, string Source, string Date);
