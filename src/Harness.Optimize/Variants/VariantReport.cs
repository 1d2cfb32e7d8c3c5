namespace Harness.Optimize.Variants;

/// <summary>What a transform did with one node of the (prepared) source graph.</summary>
/// <param name="Node">The node's name (unnamed nodes are named "OpType_index" when a rewrite starts).</param>
/// <param name="Transformed">True when the node now runs in the variant's form (int8, fp16).</param>
/// <param name="Reason">Why it was or was not transformed, in words a user acts on.</param>
public sealed record NodeDecision(string Node, string OpType, bool Transformed, string Reason);

/// <summary>
/// The account of one variant: every node's decision and notes on whole-model steps (opset upgrade,
/// folded nodes, calibration). Reports are how a user finds out why an op stayed in float.
/// </summary>
public sealed record VariantReport(string Transform, IReadOnlyList<NodeDecision> Nodes, IReadOnlyList<string> Notes)
{
    public int TransformedCount => Nodes.Count(n => n.Transformed);

    public IEnumerable<NodeDecision> Transformed => Nodes.Where(n => n.Transformed);

    public IEnumerable<NodeDecision> Skipped => Nodes.Where(n => !n.Transformed);

    /// <summary>Skipped nodes grouped by (op type, reason), largest group first: the short form for a console.</summary>
    public IReadOnlyList<(string OpType, string Reason, int Count)> SkippedSummary() =>
        Skipped.GroupBy(n => (n.OpType, n.Reason))
            .Select(g => (g.Key.OpType, g.Key.Reason, g.Count()))
            .OrderByDescending(g => g.Item3)
            .ThenBy(g => g.OpType, StringComparer.Ordinal)
            .ToList();
}
