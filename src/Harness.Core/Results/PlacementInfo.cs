namespace Harness.Results;

/// <summary>
/// Where the worker ran, as it saw it from inside: the cores the kernel let its threads use (read
/// back after the measurement, so threads ONNX Runtime started late are counted), and the memory
/// it was held to. Recorded for targets that pin or limit; absent where the worker ran free.
/// </summary>
/// <param name="Cores">Every thread's allowed cores together, in the kernel's notation (<c>0-1</c>).</param>
/// <param name="Threads">Threads read.</param>
/// <param name="IntraOpThreads">The intra-op threads the session ran with.</param>
/// <param name="Requested">The pinning asked for, in words (<c>the first 4 cores</c>); differs from <paramref name="Cores"/> where the machine has fewer.</param>
/// <param name="MemoryLimitBytes">The most the worker's peak RSS could reach before the variant is failed as not fitting.</param>
public sealed record PlacementInfo(string Cores, int Threads, int IntraOpThreads, string? Requested, long? MemoryLimitBytes)
{
    /// <summary>
    /// How the memory limit was held: <c>cgroup v1</c> or <c>cgroup v2</c> (the kernel stops the
    /// worker at the limit), or <c>peak RSS check</c> (where no memory cgroup could be made: the
    /// worker ran free and its peak was compared with the limit afterwards); null without a limit.
    /// </summary>
    public string? MemoryLimitBy { get; init; }
}
