using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Model;

/// <summary>
/// The graphs nested in nodes: If's branches, Loop's and Scan's bodies (a graph attribute, or a
/// list of them). Whatever counts or rewrites "the model" must look inside them too, or a
/// recurrent model built on Loop looks nearly empty.
/// </summary>
public static class Subgraphs
{
    /// <summary>The graphs a node carries in its attributes, in attribute order.</summary>
    public static IEnumerable<GraphProto> Of(NodeProto node)
    {
        ArgumentNullException.ThrowIfNull(node);
        foreach (var attribute in node.Attribute)
        {
            if (attribute.G is { } single)
            {
                yield return single;
            }

            foreach (var graph in attribute.Graphs)
            {
                yield return graph;
            }
        }
    }

    /// <summary><paramref name="graph"/> and every graph nested in it, at any depth, parents before children.</summary>
    public static IEnumerable<GraphProto> AllGraphs(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        yield return graph;
        foreach (var inner in graph.Node.SelectMany(Of).SelectMany(AllGraphs))
        {
            yield return inner;
        }
    }

    /// <summary>Every node of <paramref name="graph"/> and of the graphs nested in it.</summary>
    public static IEnumerable<NodeProto> AllNodes(GraphProto graph) => AllGraphs(graph).SelectMany(g => g.Node);
}
