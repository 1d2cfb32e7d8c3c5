using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Graph;

/// <summary>
/// Values a node reads, counting those its subgraphs (If branches, Loop and Scan bodies) read from
/// the enclosing graph by name. The rewriter never enters subgraphs, but it must not remove, reorder
/// or rename a value one of them depends on without following it in.
/// </summary>
internal static class SubgraphScope
{
    /// <summary>The node's explicit inputs (non-empty) followed by the outer values its subgraphs read.</summary>
    public static IEnumerable<string> AllInputs(NodeProto node)
    {
        foreach (var input in node.Input)
        {
            if (input.Length > 0)
            {
                yield return input;
            }
        }

        foreach (var graph in Subgraphs(node))
        {
            foreach (var outer in OuterReferences(graph))
            {
                yield return outer;
            }
        }
    }

    public static bool HasSubgraphs(NodeProto node) => Subgraphs(node).Any();

    /// <summary>Replaces <paramref name="from"/> by <paramref name="to"/> in the node's inputs and in subgraphs that read it from outside.</summary>
    public static void RenameInput(NodeProto node, string from, string to)
    {
        for (var i = 0; i < node.Input.Count; i++)
        {
            if (node.Input[i] == from)
            {
                node.Input[i] = to;
            }
        }

        foreach (var graph in Subgraphs(node))
        {
            RenameOuterReference(graph, from, to);
        }
    }

    private static IEnumerable<GraphProto> Subgraphs(NodeProto node) => Onnx.Model.Subgraphs.Of(node);

    private static HashSet<string> DefinedInside(GraphProto graph)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        defined.UnionWith(graph.Input.Select(i => i.Name));
        defined.UnionWith(graph.Initializer.Select(t => t.Name));
        defined.UnionWith(graph.Node.SelectMany(n => n.Output));
        return defined;
    }

    /// <summary>Names <paramref name="graph"/> (and the subgraphs inside it) read from enclosing graphs.</summary>
    public static HashSet<string> OuterReferences(GraphProto graph)
    {
        var defined = DefinedInside(graph);
        var outer = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var input in AllInputs(node))
            {
                if (!defined.Contains(input))
                {
                    outer.Add(input);
                }
            }
        }

        foreach (var output in graph.Output.Where(o => !defined.Contains(o.Name)))
        {
            outer.Add(output.Name);
        }

        return outer;
    }

    // A subgraph that defines the name itself shadows the outer value: leave it alone there.
    private static void RenameOuterReference(GraphProto graph, string from, string to)
    {
        if (DefinedInside(graph).Contains(from))
        {
            return;
        }

        foreach (var node in graph.Node)
        {
            RenameInput(node, from, to);
        }

        foreach (var output in graph.Output.Where(o => o.Name == from))
        {
            output.Name = to;
        }
    }
}
