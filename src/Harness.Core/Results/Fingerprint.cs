using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Harness.Results;

/// <summary>
/// What a target's figures depend on, in one record: the CPU and its vector extensions, the cores
/// and memory the target's worker had, the OS and kernel, .NET, ONNX Runtime and its execution
/// provider, the GPU, the agent's machine for a remote target, and whether the figures were
/// measured, emulated or projected. Two runs with the same <see cref="Hash"/> ran on the same
/// setup and may be compared (and a per-machine figure, such as a roofline probe's peaks, reused);
/// different hashes mean a difference that can move the numbers.
/// </summary>
/// <param name="Cpu">The CPU model as the kernel names it.</param>
/// <param name="Architecture">X64, Arm64, … (the process's).</param>
/// <param name="CpuFlags">The vector extensions that change ONNX Runtime's kernels (avx2, avx512f, avx512_vnni, amx_int8, asimddp, …), in the kernel's spelling.</param>
/// <param name="Cores">Logical cores the target's worker may run on: its pinning, else the machine's.</param>
/// <param name="MemoryBytes">Memory the target's worker may hold: its limit (an emulated device's), else the machine's.</param>
/// <param name="Os">The distribution (Debian GNU/Linux 12 (bookworm)).</param>
/// <param name="Kernel">The kernel release (6.1.0-28-amd64).</param>
/// <param name="ExecutionProvider">The ONNX Runtime execution provider the target runs on (CPUExecutionProvider, CUDAExecutionProvider; none for the no-op target).</param>
/// <param name="Gpu">The GPU a GPU target runs on; null for CPU targets and where none was found.</param>
/// <param name="AgentHost">A remote target's agent: its host name; null for targets on this machine.</param>
/// <param name="AgentArchitecture">A remote target's agent: its processor architecture.</param>
/// <param name="Figures">measured, emulated or projected (<see cref="FigureKinds"/>).</param>
/// <param name="Profile">The device profile an emulated or projected target stands for.</param>
public sealed record Fingerprint(
    string Cpu,
    string Architecture,
    IReadOnlyList<string> CpuFlags,
    int Cores,
    long MemoryBytes,
    string Os,
    string Kernel,
    string Dotnet,
    [property: System.Text.Json.Serialization.JsonPropertyName("onnxruntime")] string OnnxRuntime,
    string ExecutionProvider,
    GpuInfo? Gpu,
    string? AgentHost,
    string? AgentArchitecture,
    string Figures,
    string? Profile)
{
    /// <summary>
    /// The first 16 hex digits of the SHA-256 of the fields written one per line in a fixed order.
    /// An absent field is left out rather than written empty, so a field added later (null in old
    /// runs) leaves the hashes of the runs without it as they were.
    /// </summary>
    public string Hash
    {
        get
        {
            var text = new StringBuilder();
            void Field(string name, object? value)
            {
                if (value is not null)
                {
                    text.Append(name).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
                }
            }

            Field("cpu", Cpu);
            Field("architecture", Architecture);
            Field("cpuFlags", string.Join(",", CpuFlags.Order(StringComparer.Ordinal)));
            Field("cores", Cores);
            Field("memoryBytes", MemoryBytes);
            Field("os", Os);
            Field("kernel", Kernel);
            Field("dotnet", Dotnet);
            Field("onnxruntime", OnnxRuntime);
            Field("executionProvider", ExecutionProvider);
            Field("gpu", Gpu?.Name);
            Field("gpuMemoryBytes", Gpu?.MemoryBytes);
            Field("gpuDriver", Gpu?.Driver);
            Field("agentHost", AgentHost);
            Field("agentArchitecture", AgentArchitecture);
            Field("figures", Figures);
            Field("profile", Profile);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        }
    }
}

/// <param name="Name">The GPU's name as its driver reports it.</param>
/// <param name="MemoryBytes">Its memory; null where the driver did not say.</param>
/// <param name="Driver">The driver's version.</param>
public sealed record GpuInfo(string Name, long? MemoryBytes, string? Driver);

/// <summary>How a figure came about. Figures of different kinds are never put in one column.</summary>
public static class FigureKinds
{
    /// <summary>Measured on the machine named in the fingerprint, as it is.</summary>
    public const string Measured = "measured";

    /// <summary>Measured on this machine's CPU held to a device profile's cores and memory: not the device's own figures.</summary>
    public const string Emulated = "emulated";

    /// <summary>Computed from measured figures scaled to a device's published peaks: an estimate.</summary>
    public const string Projected = "projected";
}
