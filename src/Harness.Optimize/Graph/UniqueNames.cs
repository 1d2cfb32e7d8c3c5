using System.Globalization;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Graph;

/// <summary>
/// Keeps a model in single static assignment across its scopes, as ONNX's checker demands: a name a
/// subgraph defines (a node output, an initializer, an input of its own) must be defined nowhere
/// else in the model. Rewriting bodies one at a time names new values after old ones ("h_to_fp16")
/// in each, so the same name can appear in two scopes; the later definition is renamed, with every
/// use in its own scope and the subgraphs that read it from there.
/// </summary>
internal static class UniqueNames
{
    public static void Enforce(GraphProto main)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        Visit(main, defined, isMain: true);
    }

    private static void Visit(GraphProto graph, HashSet<string> defined, bool isMain)
    {
        foreach (var name in Definitions(graph).ToList())
        {
            if (defined.Add(name) || isMain)
            {
                continue;
            }

            var fresh = Fresh(name, defined);
            Rename(graph, name, fresh);
            defined.Add(fresh);
        }

        foreach (var node in graph.Node)
        {
            foreach (var body in Subgraphs.Of(node))
            {
                Visit(body, defined, isMain: false);
            }
        }
    }

    private static IEnumerable<string> Definitions(GraphProto graph) =>
        graph.Input.Select(i => i.Name)
            .Concat(graph.Initializer.Select(t => t.Name))
            .Concat(graph.Node.SelectMany(n => n.Output))
            .Where(name => name.Length > 0)
            .Distinct(StringComparer.Ordinal);

    private static string Fresh(string name, HashSet<string> defined)
    {
        for (var k = 1; ; k++)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"{name}__{k}");
            if (!defined.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Renames a value this graph defines, wherever this graph (or a subgraph reading it from here) uses it.</summary>
    private static void Rename(GraphProto graph, string from, string to)
    {
        foreach (var input in graph.Input.Where(i => i.Name == from))
        {
            input.Name = to;
        }

        foreach (var output in graph.Output.Where(o => o.Name == from))
        {
            output.Name = to;
        }

        foreach (var info in graph.ValueInfo.Where(v => v.Name == from))
        {
            info.Name = to;
        }

        foreach (var tensor in graph.Initializer.Where(t => t.Name == from))
        {
            tensor.Name = to;
        }

        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i] == from)
                {
                    node.Output[i] = to;
                }
            }

            SubgraphScope.RenameInput(node, from, to);
        }
    }
}
