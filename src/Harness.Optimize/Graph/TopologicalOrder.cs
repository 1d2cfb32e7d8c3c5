using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Graph;

/// <summary>
/// Kahn's algorithm over the main graph, choosing among ready nodes by their original position, so a
/// graph that is already ordered comes back unchanged and inserted nodes land right after the nodes
/// they depend on. Values that no node produces (graph inputs, initializers, outer-scope values of a
/// subgraph) are ready from the start.
/// </summary>
internal static class TopologicalOrder
{
    public static List<NodeProto> Sort(ModelGraph graph)
    {
        var nodes = graph.Nodes.ToList();
        var producerIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            foreach (var output in nodes[i].Output.Where(o => o.Length > 0))
            {
                producerIndex[output] = i;
            }
        }

        var waitingOn = new int[nodes.Count];
        var dependents = new List<int>[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            dependents[i] = [];
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            foreach (var input in SubgraphScope.AllInputs(nodes[i]).Distinct(StringComparer.Ordinal))
            {
                if (producerIndex.TryGetValue(input, out var producer) && producer != i)
                {
                    waitingOn[i]++;
                    dependents[producer].Add(i);
                }
            }
        }

        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < nodes.Count; i++)
        {
            if (waitingOn[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        var order = new List<NodeProto>(nodes.Count);
        while (ready.TryDequeue(out var next, out _))
        {
            order.Add(nodes[next]);
            foreach (var dependent in dependents[next])
            {
                if (--waitingOn[dependent] == 0)
                {
                    ready.Enqueue(dependent, dependent);
                }
            }
        }

        if (order.Count != nodes.Count)
        {
            var stuck = nodes.Where((_, i) => waitingOn[i] > 0).Take(5).Select(n => $"{n.OpType} '{n.Name}'");
            throw new ModelFormatException(
                $"{graph.SourceName} has a cycle among its nodes (for example {string.Join(", ", stuck)}), so it has no execution order. " +
                "The model is invalid; export it again.");
        }

        return order;
    }
}
