using Harness.Measure.Targets;
using Harness.Plan;
using Harness.Results;

namespace Harness.Execute;

/// <summary>
/// Each target's fingerprint and figure label, from the environment of the machine its worker runs
/// on and what the target holds its worker to. Targets on this machine share the machine's facts and
/// differ in their execution provider, their cores and memory (a pinned or emulated target has
/// fewer), and how their figures come about; an agent target's are its agent's machine, as the agent
/// describes it.
/// </summary>
public static class TargetFingerprints
{
    public static TargetEnvironment Describe(TargetSpec target, EnvironmentInfo host)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(host);
        return target.Agent is { } agent ? NotReached(target, agent) : Describe(target, host, null, null);
    }

    /// <summary>An agent target as its agent describes its own machine: the figures are that machine's, not this one's.</summary>
    public static TargetEnvironment Describe(TargetSpec target, Remote.AgentHello agent)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(agent);
        return Describe(target, agent.Environment, agent.Host, agent.Architecture);
    }

    private static TargetEnvironment Describe(TargetSpec target, EnvironmentInfo host, string? agentHost, string? agentArchitecture)
    {
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
            agentHost,
            agentArchitecture,
            traits.Figures,
            target.Emulation?.Profile);
        return new TargetEnvironment(target.Name, Protocol.JobDocumentMapping.DeviceName(target.Device), Label(traits.Figures, host), fingerprint)
        {
            Emulates = target.Emulation is { } e ? new EmulatedDeviceInfo(e.Profile, e.Device, e.Cpu, e.Cores, e.MemoryBytes, cores) : null,
        };
    }

    /// <summary>
    /// An agent target before its agent has answered (or when it never does): nothing of this
    /// machine stands in for the agent's, so its machine is unknown, and says where it was looked for.
    /// </summary>
    private static TargetEnvironment NotReached(TargetSpec target, AgentEndpoint agent)
    {
        const string unknown = "unknown";
        var fingerprint = new Fingerprint(
            $"{unknown}: the agent at {agent.Url.ToString().TrimEnd('/')} has not answered",
            unknown,
            [],
            target.Pinning?.Count ?? 0,
            target.MemoryLimitBytes ?? 0,
            unknown,
            unknown,
            unknown,
            unknown,
            TargetTable.For(target.Device).Traits.ExecutionProvider,
            null,
            agent.Url.Host,
            unknown,
            FigureKinds.Measured,
            null);
        return new TargetEnvironment(target.Name, Protocol.JobDocumentMapping.DeviceName(target.Device), FigureKinds.Measured, fingerprint);
    }

    /// <summary>What every figure of a target is labelled with: <c>measured</c>, or <c>emulated on &lt;host CPU&gt;</c>.</summary>
    public static string Label(string figures, EnvironmentInfo host) =>
        figures == FigureKinds.Measured ? FigureKinds.Measured : $"{figures} on {host.Cpu}";
}
