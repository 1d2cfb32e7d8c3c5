namespace Harness.Roofline;

/// <summary>The probe behind each target kind that has a roof to measure. A new kind is one class and one entry here.</summary>
public static class PeakProbes
{
    private static readonly Dictionary<string, Func<int, IPeakProbe>> Probes = new(StringComparer.Ordinal)
    {
        ["cpu"] = _ => new CpuPeakProbe(),

        // An emulated device runs on this machine's CPU (pinned to its profile's cores): its measured roof is this CPU's at its threads.
        ["edge"] = _ => new CpuPeakProbe(),
        ["cuda"] = deviceId => new CudaPeakProbe(deviceId),
    };

    public static IReadOnlyCollection<string> Targets => Probes.Keys;

    /// <summary>The probe for a target kind (<c>cpu</c>, <c>cuda</c>), or null for a kind without one (noop).</summary>
    public static IPeakProbe? For(string target, int deviceId = 0) =>
        Probes.TryGetValue(target, out var create) ? create(deviceId) : null;
}
