using System.Globalization;
using Harness.Optimize.Variants;

namespace Harness.Cli.Views;

/// <summary>Plain-text account of a variant: where it went, how big it is, what became of each kind of node.</summary>
internal static class VariantReportView
{
    public static void Write(TextWriter output, VariantReport report, long sourceBytes, long variantBytes, string path)
    {
        output.WriteLine($"wrote {path}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"size: {Size(sourceBytes)} -> {Size(variantBytes)} ({100.0 * variantBytes / Math.Max(1, sourceBytes):F1}% of the source)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"nodes: {report.TransformedCount} of {report.Nodes.Count} transformed ({report.Transform}), {report.Nodes.Count - report.TransformedCount} left as they were"));
        foreach (var note in report.Notes)
        {
            output.WriteLine("  " + note);
        }

        WriteGroups(output, "transformed:", report.Transformed);
        WriteGroups(output, "not transformed, and why:", report.Skipped);
    }

    private static void WriteGroups(TextWriter output, string title, IEnumerable<NodeDecision> nodes)
    {
        var groups = nodes.GroupBy(n => (n.OpType, n.Reason)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.OpType, StringComparer.Ordinal).ToList();
        if (groups.Count == 0)
        {
            return;
        }

        output.WriteLine(title);
        var width = groups.Max(g => g.Key.OpType.Length);
        foreach (var group in groups)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Count(),5}  {group.Key.OpType.PadRight(width)}  {group.Key.Reason}"));
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):F2} MiB"),
        >= 1 << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
