namespace Harness.Results;

/// <summary>
/// Where a remote job ran and how far away it was. The job's own figures are measured on the agent's
/// machine, inside its worker, so the network is never inside them; the round trip stands beside them
/// for the reader who wants to know what a client of that device would add.
/// </summary>
/// <param name="Url">The agent's address as the scenario gave it.</param>
/// <param name="Host">The agent machine's host name.</param>
/// <param name="Architecture">Its processor architecture (arm64, x64).</param>
/// <param name="Harness">The harness build the agent runs.</param>
/// <param name="RoundTripMs">Small requests timed just before the job was sent.</param>
public sealed record RemoteInfo(string Url, string Host, string Architecture, string Os, string Cpu, int Cores, long MemoryBytes, string OnnxRuntime, HarnessInfo Harness, RoundTripInfo RoundTripMs);

/// <summary>The round trip of <paramref name="Pings"/> small requests to an agent, in milliseconds.</summary>
public sealed record RoundTripInfo(int Pings, double Min, double Median, double Max);
