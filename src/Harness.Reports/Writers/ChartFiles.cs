using Harness.Reports.Charts;

namespace Harness.Reports.Writers;

/// <summary>
/// The charts as PNG files in the run folder's <c>charts/</c>, beside report.md, which links them
/// by relative path (a pull-request comment or an artifact viewer shows them from there).
/// </summary>
internal static class ChartFiles
{
    public const string Folder = "charts";

    /// <summary>Writes every chart, removes the PNGs of charts a report no longer draws, and returns each chart's relative path.</summary>
    public static IReadOnlyList<(ReportChart Chart, string Path)> Write(IReadOnlyList<ReportChart> charts, ReportDestination destination)
    {
        var folder = Path.Combine(destination.RunDirectory, Folder);
        Directory.CreateDirectory(folder);
        var written = new List<(ReportChart, string)>();
        foreach (var chart in charts)
        {
            var file = $"{Folder}/{chart.Name}.png";
            ReportFile.Write(destination, file, chart.Png());
            written.Add((chart, file));
        }

        var kept = charts.Select(c => c.Name + ".png").ToHashSet(StringComparer.Ordinal);
        foreach (var stale in Directory.EnumerateFiles(folder, "*.png").Where(f => !kept.Contains(Path.GetFileName(f))))
        {
            File.Delete(stale);
        }

        return written;
    }
}
