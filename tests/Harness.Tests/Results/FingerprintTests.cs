using System.Runtime.Intrinsics.X86;
using System.Text.Json;
using Harness.Execute;
using Harness.Plan;
using Harness.Results;

namespace Harness.Tests.Results;

/// <summary>
/// The environment fingerprint: what this machine is, as the probe reads it (checked against what
/// .NET itself detects), each target's view of it, and a hash that stays put for the same setup and
/// moves when anything that changes the numbers does.
/// </summary>
public sealed class FingerprintTests
{
    private static readonly Fingerprint Sample = new(
        "AMD EPYC 9654", "X64", ["avx2", "avx512f", "avx512_vnni"], 2, 8L << 30, "Debian GNU/Linux 12 (bookworm)", "6.1.0-28-amd64",
        ".NET 10.0.0", "1.30.0", "CPUExecutionProvider", null, null, null, FigureKinds.Measured, null);

    [Fact]
    public void Should_Keep_The_Hash_Of_A_Setup_And_Move_It_With_Anything_That_Changes_The_Numbers()
    {
        // Pinned: runs cached by hash (a roofline's peaks, say) stay found across versions of Harness.
        Assert.Equal("5496425f64139619", Sample.Hash);
        Assert.Equal(Sample.Hash, (Sample with { CpuFlags = ["avx512_vnni", "avx2", "avx512f"] }).Hash);
        var changes = new[]
        {
            Sample with { CpuFlags = ["avx2"] },
            Sample with { Cores = 1 },
            Sample with { MemoryBytes = 4L << 30 },
            Sample with { Kernel = "6.1.0-29-amd64" },
            Sample with { OnnxRuntime = "1.31.0" },
            Sample with { ExecutionProvider = "CUDAExecutionProvider", Gpu = new GpuInfo("NVIDIA H100", 80L << 30, "570.86") },
            Sample with { AgentHost = "pi5.local", AgentArchitecture = "Arm64" },
            Sample with { Figures = FigureKinds.Emulated, Profile = "raspberry-pi-5" },
        };
        Assert.Equal(changes.Length + 1, changes.Select(c => c.Hash).Append(Sample.Hash).Distinct().Count());
    }

    [Fact]
    public void Should_Write_The_Hash_Into_Results_And_Read_It_Back_Alike()
    {
        var json = JsonSerializer.Serialize(Sample, ResultsJson.Compact);
        Assert.Contains($"\"hash\":\"{Sample.Hash}\"", json, StringComparison.Ordinal);
        Assert.Contains("\"onnxruntime\":\"1.30.0\"", json, StringComparison.Ordinal);
        Assert.Equal(Sample.Hash, JsonSerializer.Deserialize<Fingerprint>(json, ResultsJson.Compact)!.Hash);
    }

    [Fact]
    public void Should_Read_This_Machine_As_The_Kernel_And_The_Runtime_See_It()
    {
        var host = EnvironmentProbe.Capture("1.30.0", ["CPUExecutionProvider"]);

        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), host.Kernel);
        }

        // What .NET's own CPU detection finds, the probe must name, and the other way round.
        Assert.Equal(Avx2.IsSupported, host.CpuFlags!.Contains("avx2"));
        Assert.Equal(Avx512F.IsSupported, host.CpuFlags!.Contains("avx512f"));
        Assert.Equal(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString(), host.Architecture);
        var hasNvidiaSmi = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, "nvidia-smi")));
        if (!hasNvidiaSmi)
        {
            Assert.Null(host.Gpu);
        }
    }

    [Fact]
    public void Should_Read_The_GPU_From_Nvidia_Smi()
    {
        Assert.Equal(new GpuInfo("NVIDIA H100 80GB HBM3", 81559L << 20, "570.86.15"), EnvironmentProbe.ParseNvidiaSmi("NVIDIA H100 80GB HBM3, 81559, 570.86.15\nNVIDIA H100 80GB HBM3, 81559, 570.86.15\n"));
        Assert.Equal(new GpuInfo("Some GPU", null, null), EnvironmentProbe.ParseNvidiaSmi("Some GPU, [N/A], \n"));
        Assert.Null(EnvironmentProbe.ParseNvidiaSmi(string.Empty));
    }

    [Fact]
    public void Should_Describe_Each_Target_By_Its_Provider_Cores_Memory_And_How_Its_Figures_Came_About()
    {
        var host = new EnvironmentInfo("Linux", "AMD EPYC", 2, 24L << 30, ".NET 10", "1.30.0", ["CPUExecutionProvider"])
        {
            Architecture = "X64",
            CpuFlags = ["avx2"],
            Kernel = "6.1",
            Gpu = new GpuInfo("NVIDIA H100", 80L << 30, "570"),
        };
        var cpu = TargetFingerprints.Describe(TargetSpec.DefaultCpu, host);
        var cuda = TargetFingerprints.Describe(TargetSpec.DefaultCpu with { Name = "gpu", Device = TargetDevice.Cuda }, host);
        var pi5 = TargetFingerprints.Describe(
            TargetSpec.DefaultCpu with
            {
                Name = "pi5",
                Device = TargetDevice.Edge,
                Pinning = CorePinning.First(4),
                MemoryLimitBytes = 8L << 30,
                Emulation = new EdgeEmulation("raspberry-pi-5", "Raspberry Pi 5", "4x Cortex-A76", 4, 8L << 30),
            },
            host);

        Assert.Equal(("measured", "CPUExecutionProvider", (GpuInfo?)null, 2, 24L << 30), (cpu.Figures, cpu.Fingerprint.ExecutionProvider, cpu.Fingerprint.Gpu, cpu.Fingerprint.Cores, cpu.Fingerprint.MemoryBytes));
        Assert.Equal(("measured", "CUDAExecutionProvider", host.Gpu), (cuda.Figures, cuda.Fingerprint.ExecutionProvider, cuda.Fingerprint.Gpu));
        Assert.Equal(("emulated on AMD EPYC", FigureKinds.Emulated, "raspberry-pi-5"), (pi5.Figures, pi5.Fingerprint.Figures, pi5.Fingerprint.Profile));
        // Two of the profile's four cores: as many as this machine has.
        Assert.Equal((2, 8L << 30, 2), (pi5.Fingerprint.Cores, pi5.Fingerprint.MemoryBytes, pi5.Emulates!.CoresUsed));
        Assert.Equal(3, new[] { cpu, cuda, pi5 }.Select(t => t.Fingerprint.Hash).Distinct().Count());
    }
}
