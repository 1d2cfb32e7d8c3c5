using System.Globalization;
using Harness.Onnx.Model;
using Harness.Optimize.Graph;

namespace Harness.Optimize.Variants;

/// <summary>
/// How every caller (the variant cache, the quantize verb) applies a transform: the report also
/// says what the rewriter left inside subgraphs, and a transform that changed nothing is an error,
/// not a full-size copy that would be measured and reported as a variant.
/// </summary>
public static class CheckedTransform
{
    public static VariantResult ApplyChecked(this IVariantTransform transform, OnnxModel source, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(source);
        var subgraphNotes = SubgraphNotes(source);
        var result = transform.Apply(source);
        var report = result.Report with { Notes = [.. result.Report.Notes, .. subgraphNotes] };
        if (report.TransformedCount == 0)
        {
            var why = report.SkippedSummary().Take(4).Select(s => $"{s.Count} {s.OpType} ({s.Reason})")
                .Concat(subgraphNotes.Take(2));
            throw new ModelRewriteException(
                $"the {transform.Kind} transform changed nothing in {sourceName}, so no variant was written: {string.Join("; ", why)}");
        }

        return result with { Report = report };
    }

    /// <summary>
    /// One note per node that carries subgraphs: the rewriter does not enter If branches or Loop and
    /// Scan bodies, so what they compute stays as it was, and the user is told how much that is.
    /// </summary>
    private static List<string> SubgraphNotes(OnnxModel source) =>
        source.Proto.Graph.Node
            .Select((node, index) => (node, index, inner: Subgraphs.Of(node).SelectMany(Subgraphs.AllNodes).ToList()))
            .Where(n => n.inner.Count > 0)
            .Select(n => string.Create(CultureInfo.InvariantCulture,
                $"{n.node.OpType} node '{(n.node.Name.Length > 0 ? n.node.Name : $"{n.node.OpType}_{n.index}")}': {n.inner.Count} nodes in its subgraphs ({Histogram(n.inner)}) left as they were; the rewriter does not enter If, Loop or Scan bodies"))
            .ToList();

    private static string Histogram(IEnumerable<Onnx.Model.Proto.NodeProto> nodes) =>
        string.Join(", ", nodes.GroupBy(n => n.OpType, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(5).Select(g => $"{g.Key} ×{g.Count()}"));
}
