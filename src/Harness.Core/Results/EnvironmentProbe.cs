using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Harness.Results;

/// <summary>Describes the machine and software a run measured on, for the results file and each target's fingerprint.</summary>
public static class EnvironmentProbe
{
    /// <summary>
    /// The CPU flags that change which kernels ONNX Runtime runs (x86: AVX2, AVX-512, VNNI, AMX; Arm:
    /// NEON dot product, SVE, i8mm), in the kernel's spelling. The rest of /proc/cpuinfo's flags
    /// would make fingerprints differ over flags no inference kernel reads.
    /// </summary>
    private static readonly string[] InferenceFlags =
    [
        "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx_vnni", "avx512_bf16", "avx512_fp16",
        "amx_tile", "amx_int8", "amx_bf16", "asimd", "asimddp", "asimdhp", "i8mm", "bf16", "sve", "sve2",
    ];

    public static EnvironmentInfo Capture(string onnxRuntimeVersion, IReadOnlyList<string> providers) => new(
        RuntimeInformation.OSDescription,
        CpuModel(),
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.FrameworkDescription,
        onnxRuntimeVersion,
        providers)
    {
        Architecture = RuntimeInformation.ProcessArchitecture.ToString(),
        CpuFlags = CpuFlags(),
        Distribution = Distribution(),
        Kernel = ReadFirstLine("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.Version.ToString(),
        Gpu = NvidiaGpu(),
    };

    public static HarnessInfo Harness()
    {
        var informational = typeof(EnvironmentProbe).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? new HarnessInfo(informational, "unknown")
            : new HarnessInfo(informational[..plus], informational[(plus + 1)..]);
    }

    /// <summary>The inference-relevant flags of the first CPU in /proc/cpuinfo (<c>flags</c> on x86, <c>Features</c> on Arm).</summary>
    public static IReadOnlyList<string> CpuFlags()
    {
        var line = CpuInfoField("flags") ?? CpuInfoField("Features");
        if (line is null)
        {
            return [];
        }

        var present = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return [.. InferenceFlags.Where(present.Contains)];
    }

    public static string CpuModel() => CpuInfoField("model name") ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static string? CpuInfoField(string name)
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo))
        {
            return null;
        }

        foreach (var line in File.ReadLines(cpuinfo))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && line[..colon].Trim() == name)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static string? Distribution()
    {
        const string osRelease = "/etc/os-release";
        if (!File.Exists(osRelease))
        {
            return null;
        }

        var pretty = File.ReadLines(osRelease).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        return pretty?["PRETTY_NAME=".Length..].Trim('"');
    }

    private static string? ReadFirstLine(string path) => File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;

    /// <summary>
    /// The first GPU as <c>nvidia-smi</c> reports it. No nvidia-smi (no driver) means no GPU to
    /// name: null, not an error; a driver that hangs is given five seconds.
    /// </summary>
    private static GpuInfo? NvidiaGpu()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", ["--query-gpu=name,memory.total,driver_version", "--format=csv,noheader,nounits"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
                return null;
            }

            return process.ExitCode == 0 ? ParseNvidiaSmi(output.Result) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not installed
        }
    }

    /// <summary>The first line of <c>nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader,nounits</c> (memory in MiB).</summary>
    internal static GpuInfo? ParseNvidiaSmi(string output)
    {
        var first = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var fields = first?.Split(',', StringSplitOptions.TrimEntries);
        if (fields is not { Length: >= 1 } || fields[0].Length == 0)
        {
            return null;
        }

        long? memory = fields.Length > 1 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var mib) ? mib << 20 : null;
        return new GpuInfo(fields[0], memory, fields.Length > 2 && fields[2].Length > 0 ? fields[2] : null);
    }
}
