using System.Reflection;
using System.Runtime.InteropServices;

namespace Harness.Results;

/// <summary>Describes the machine and software a run measured on, for the results file.</summary>
public static class EnvironmentProbe
{
    public static EnvironmentInfo Capture(string onnxRuntimeVersion, IReadOnlyList<string> providers) => new(
        RuntimeInformation.OSDescription,
        CpuModel(),
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.FrameworkDescription,
        onnxRuntimeVersion,
        providers);

    public static HarnessInfo Harness()
    {
        var informational = typeof(EnvironmentProbe).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? new HarnessInfo(informational, "unknown")
            : new HarnessInfo(informational[..plus], informational[(plus + 1)..]);
    }

    public static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            foreach (var line in File.ReadLines(cpuinfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
