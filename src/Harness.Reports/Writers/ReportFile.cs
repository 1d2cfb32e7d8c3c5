using System.Text;

namespace Harness.Reports.Writers;

/// <summary>Writes one report file in the run folder, whole or not at all.</summary>
internal static class ReportFile
{
    public static void Write(ReportDestination destination, string fileName, string content) =>
        Write(destination, fileName, new UTF8Encoding(false).GetBytes(content));

    /// <summary>
    /// Writes to a temporary file and renames it over <paramref name="fileName"/> (a path relative
    /// to the run folder), so a reader (a CI step, a browser) never sees half a report and a failed
    /// write leaves the previous one.
    /// </summary>
    public static void Write(ReportDestination destination, string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var path = Path.Combine(destination.RunDirectory, fileName);
        var temporary = path + ".tmp-" + Environment.ProcessId;
        try
        {
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
