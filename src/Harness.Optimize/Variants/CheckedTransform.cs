using Harness.Onnx.Model;
using Harness.Optimize.Graph;

namespace Harness.Optimize.Variants;

/// <summary>
/// How every caller (the variant cache, the quantize verb) applies a transform: to the main graph,
/// then inside its If, Loop and Scan bodies (<see cref="SubgraphRewrite"/>), with the report saying
/// what happened in each; a transform that changed nothing anywhere is an error, not a full-size
/// copy that would be measured and reported as a variant.
/// </summary>
public static class CheckedTransform
{
    public static VariantResult ApplyChecked(this IVariantTransform transform, OnnxModel source, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(source);
        var result = SubgraphRewrite.Apply(transform.Apply(source), transform);
        var report = result.Report;
        if (report.TransformedCount == 0)
        {
            var why = report.SkippedSummary().Take(4).Select(s => $"{s.Count} {s.OpType} ({s.Reason})")
                .Concat(report.Notes.Where(n => n.Contains("left as", StringComparison.Ordinal)).Take(2));
            throw new ModelRewriteException(
                $"the {transform.Kind} transform changed nothing in {sourceName}, so no variant was written: {string.Join("; ", why)}");
        }

        return result;
    }
}
