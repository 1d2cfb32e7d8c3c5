using Harness.Measure.Targets;
using Harness.Plan;
using Harness.Results;

namespace Harness.Execute;

/// <summary>
/// Each target's fingerprint and figure label, from this machine's environment and what the target
/// holds its worker to. Targets on this machine share the machine's facts and differ in their
/// execution provider, their cores and memory (a pinned or emulated target has fewer), and how
/// their figures come about.
/// </summary>
public static class TargetFingerprints
{
    public static TargetEnvironment Describe(TargetSpec target, EnvironmentInfo host)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(host);
        var traits = TargetTable.For(target.Device).Traits;
        var cores = target.Pinning is { } pinning ? Math.Min(pinning.Count, host.Cores) : host.Cores;
        var memory = target.MemoryLimitBytes is { } limit ? Math.Min(limit, host.MemoryBytes) : host.MemoryBytes;
        var fingerprint = new Fingerprint(
            host.Cpu,
            host.Architecture ?? "unknown",
            host.CpuFlags ?? [],
            cores,
            memory,
            host.Distribution ?? host.Os,
            host.Kernel ?? host.Os,
            host.Dotnet,
            host.OnnxRuntime,
            traits.ExecutionProvider,
            traits.UsesGpu ? host.Gpu : null,
            null,
            null,
            traits.Figures,
            target.Emulation?.Profile);
        return new TargetEnvironment(target.Name, Protocol.JobDocumentMapping.DeviceName(target.Device), Label(traits.Figures, host), fingerprint)
        {
            Emulates = target.Emulation is { } e ? new EmulatedDeviceInfo(e.Profile, e.Device, e.Cpu, e.Cores, e.MemoryBytes, cores) : null,
        };
    }

    /// <summary>What every figure of a target is labelled with: <c>measured</c>, or <c>emulated on &lt;host CPU&gt;</c>.</summary>
    public static string Label(string figures, EnvironmentInfo host) =>
        figures == FigureKinds.Measured ? FigureKinds.Measured : $"{figures} on {host.Cpu}";
}
