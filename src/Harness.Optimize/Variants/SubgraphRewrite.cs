using System.Globalization;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;
using Harness.Optimize.Graph;

namespace Harness.Optimize.Variants;

/// <summary>
/// Carries a transform into If branches and Loop/Scan bodies, where exported models often keep their
/// whole network (one branch per sample rate, say). Each body becomes a model of its own: the values
/// it reads from the enclosing graph are declared as its inputs, with their types; the transform's
/// subgraph form (<see cref="IVariantTransform.ForSubgraphs"/>) rewrites it keeping its inputs and
/// outputs as they were; the rewritten body goes back in place, without those declared inputs.
/// Nested bodies are rewritten the same way, innermost last.
/// </summary>
internal static class SubgraphRewrite
{
    public static VariantResult Apply(VariantResult result, IVariantTransform transform)
    {
        var bodies = BodyCount(result.Model.Proto.Graph);
        if (bodies == 0)
        {
            return result;
        }

        var decisions = new List<NodeDecision>();
        var notes = new List<string>();
        if (transform.ForSubgraphs is not { } inner)
        {
            notes.AddRange(LeftAsTheyWere(result.Model.Proto.Graph, $"the {transform.Kind} transform cannot rewrite inside If, Loop or Scan bodies (its calibration observes only values the main graph exposes)"));
        }
        else
        {
            RewriteBodies(result.Model, inner, decisions, notes);
        }

        var report = result.Report with { Nodes = [.. result.Report.Nodes, .. decisions], Notes = [.. result.Report.Notes, .. notes] };
        UniqueNames.Enforce(result.Model.Proto.Graph);
        var cleaned = ModelGraph.From(result.Model);
        cleaned.RemoveUnusedInitializers(); // weights only the rewritten bodies read, now in their own form
        return new VariantResult(cleaned.ToModel(), report);
    }

    private static void RewriteBodies(OnnxModel model, IVariantTransform inner, List<NodeDecision> decisions, List<string> notes)
    {
        var types = ValueTypes.Infer(ModelGraph.From(model));
        foreach (var node in model.Proto.Graph.Node)
        {
            foreach (var attribute in node.Attribute.Where(a => a.G is not null))
            {
                var where = $"{node.OpType} node '{node.Name}' {attribute.Name}";
                var (body, declared) = AsModel(model, attribute.G, types);
                try
                {
                    var rewritten = inner.Apply(body);
                    RewriteBodies(rewritten.Model, inner, decisions, notes);
                    var graph = rewritten.Model.Proto.Graph;
                    foreach (var input in graph.Input.Where(i => declared.Contains(i.Name)).ToList())
                    {
                        graph.Input.Remove(input);
                    }

                    // Copies of the owner's weights the rewrite left as they were: the owner's own serve again.
                    foreach (var copy in graph.Initializer.Where(t => declared.Contains(t.Name)).ToList())
                    {
                        graph.Initializer.Remove(copy);
                    }

                    graph.Name = attribute.G.Name;
                    attribute.G = graph;
                    decisions.AddRange(rewritten.Report.Nodes.Select(d => d with { Node = $"{node.Name}/{attribute.Name}/{d.Node}" }));
                    notes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{where}: {rewritten.Report.TransformedCount} of {rewritten.Report.Nodes.Count} nodes rewritten inside it"));
                }
                catch (ModelRewriteException e)
                {
                    notes.Add($"{where}: left as it was: {e.Message}");
                }
            }
        }
    }

    /// <summary>
    /// The body as a model of its own (the owner's IR version and opsets). Every value it reads from
    /// outside is declared after its own inputs: the owner's weights as copies (so a quantizer sees
    /// them as weights), the rest as graph inputs typed where the owner's types say.
    /// </summary>
    private static (OnnxModel Body, HashSet<string> Declared) AsModel(OnnxModel owner, GraphProto body, Dictionary<string, TensorElementType> types)
    {
        var graph = body.Clone();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var weights = owner.Proto.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var outer in SubgraphScope.OuterReferences(graph).Order(StringComparer.Ordinal))
        {
            declared.Add(outer);
            if (weights.TryGetValue(outer, out var weight))
            {
                graph.Initializer.Add(weight.Clone());
                continue;
            }

            var input = new ValueInfoProto { Name = outer };
            if (types.TryGetValue(outer, out var type))
            {
                input.Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type } };
            }

            graph.Input.Add(input);
        }

        var proto = new ModelProto { IrVersion = owner.Proto.IrVersion, Graph = graph };
        proto.OpsetImport.Add(owner.Proto.OpsetImport);
        return (OnnxModel.FromProto(proto, owner.SourceName, owner.BaseDirectory), declared);
    }

    private static int BodyCount(GraphProto graph) => Subgraphs.AllGraphs(graph).Count() - 1;

    private static IEnumerable<string> LeftAsTheyWere(GraphProto graph, string why) =>
        graph.Node
            .Select(node => (node, inner: Subgraphs.Of(node).SelectMany(Subgraphs.AllNodes).ToList()))
            .Where(n => n.inner.Count > 0)
            .Select(n => string.Create(CultureInfo.InvariantCulture,
                $"{n.node.OpType} node '{n.node.Name}': {n.inner.Count} nodes in its subgraphs ({Histogram(n.inner)}) left as they were: {why}"));

    private static string Histogram(IEnumerable<NodeProto> nodes) =>
        string.Join(", ", nodes.GroupBy(n => n.OpType, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(5).Select(g => $"{g.Key} ×{g.Count()}"));
}
