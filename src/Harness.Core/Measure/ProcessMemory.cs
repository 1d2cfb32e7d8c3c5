using System.Globalization;

namespace Harness.Measure;

/// <summary>Reads this process's memory figures from the kernel (Linux <c>/proc/self/status</c>).</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM): the memory the variant really needed, native allocations included.</summary>
    public static long PeakResidentBytes() => ReadKilobytes("VmHWM:") * 1024;

    /// <summary>Current resident set size (VmRSS).</summary>
    public static long ResidentBytes() => ReadKilobytes("VmRSS:") * 1024;

    private static long ReadKilobytes(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            // Not Linux: the working set is the closest portable figure.
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            return (field == "VmHWM:" ? self.PeakWorkingSet64 : self.WorkingSet64) / 1024;
        }

        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var digits = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(digits, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
