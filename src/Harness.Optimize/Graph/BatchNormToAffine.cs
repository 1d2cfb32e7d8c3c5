using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Graph;

/// <summary>
/// Rewrites an inference-mode BatchNormalization with constant statistics as x·a + b, with
/// a = γ/√(σ²+ε) and b = β − μ·a computed here in float32 and stored per channel ([C, 1, …, 1]).
/// The statistics themselves can be far outside float16's range (running variances of 1e8 occur in
/// real detectors), and clamping them for a float16 model would scale whole channels wrongly; the
/// folded factors stay moderate. Nodes after a Conv are better served by <see cref="ConvFolding"/>,
/// which runs first; this pass takes the rest, where the input rank is known.
/// </summary>
public static class BatchNormToAffine
{
    /// <summary>Returns how many BatchNormalization nodes were rewritten.</summary>
    public static int Apply(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var ranks = ValueRanks.Infer(graph);
        var rewritten = 0;
        foreach (var bn in graph.Nodes.Where(n => n.OpType == "BatchNormalization" && ModelGraph.NormalizeDomain(n.Domain) == "").ToList())
        {
            if (bn.Input.Count != 5 || bn.Output.Skip(1).Any(o => o.Length > 0) || !ranks.TryGetValue(bn.Input[0], out var rank) || rank < 2
                || bn.Attribute.Any(a => a.Name == "training_mode" && a.I != 0))
            {
                continue;
            }

            var parameters = bn.Input.Skip(1).Select(graph.ReadFloats).ToList();
            var channels = parameters[0]?.Length ?? 0;
            if (channels == 0 || parameters.Any(p => p is null || p.Length != channels))
            {
                continue;
            }

            var epsilon = bn.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            var (gamma, beta, mean, variance) = (parameters[0]!, parameters[1]!, parameters[2]!, parameters[3]!);
            var scale = new float[channels];
            var shift = new float[channels];
            for (var c = 0; c < channels; c++)
            {
                scale[c] = gamma[c] / MathF.Sqrt(variance[c] + epsilon);
                shift[c] = beta[c] - (mean[c] * scale[c]);
            }

            long[] shape = [channels, .. Enumerable.Repeat(1L, rank - 2)];
            var a = TensorData.Create<float>(graph.UniqueName(bn.Name + "_scale"), scale, shape);
            var b = TensorData.Create<float>(graph.UniqueName(bn.Name + "_shift"), shift, shape);
            graph.AddInitializer(a);
            graph.AddInitializer(b);
            var scaled = graph.UniqueName(bn.Name + "_scaled");
            graph.AddNode(Node("Mul", graph.UniqueName(bn.Name + "_Mul"), [bn.Input[0], a.Name], scaled));
            graph.AddNode(Node("Add", graph.UniqueName(bn.Name + "_Add"), [scaled, b.Name], bn.Output[0]));
            graph.RemoveNode(bn);
            rewritten++;
        }

        if (rewritten > 0)
        {
            graph.RemoveUnusedInitializers();
            graph.SortTopologically();
        }

        return rewritten;
    }

    private static NodeProto Node(string op, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(output);
        return node;
    }
}
