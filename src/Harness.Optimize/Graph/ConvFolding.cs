using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Graph;

/// <summary>
/// Folds per-channel affine ops that directly follow a Conv or a single-group ConvTranspose
/// (BatchNormalization, and Mul, Div, Add, Sub by a constant that is the same over each output
/// channel) into its weights and bias.
/// ONNX Runtime does the same fusions when it loads a float model, but only while the weights are
/// plain initializers; once a quantizer puts DequantizeLinear in front of them ORT can no longer
/// fold, and every BatchNormalization or scale would run in float between two int8 convolutions.
/// So quantization folds them first. New weights get new names: a weight shared with another node
/// is never changed under it.
/// </summary>
public static class ConvFolding
{
    /// <summary>Returns how many nodes were folded away.</summary>
    public static int Apply(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var folded = 0;
        bool changed;
        do
        {
            changed = false;
            foreach (var conv in graph.Nodes.Where(IsFoldTarget).ToList())
            {
                if (TryFoldSuccessor(graph, conv))
                {
                    folded++;
                    changed = true;
                }
            }
        }
        while (changed);

        if (folded > 0)
        {
            graph.RemoveUnusedInitializers();
        }

        return folded;
    }

    // ConvTranspose weights are [C_in, C_out / group, k…]: output channels lie along axis 1, which
    // is one whole axis only when there is a single group.
    private static bool IsFoldTarget(NodeProto node) =>
        ModelGraph.NormalizeDomain(node.Domain) == ""
        && (node.OpType == "Conv" || (node.OpType == "ConvTranspose" && (node.Attribute.FirstOrDefault(a => a.Name == "group")?.I ?? 1) == 1));

    private static bool TryFoldSuccessor(ModelGraph graph, NodeProto conv)
    {
        var output = conv.Output[0];
        if (conv.Input.Count < 2 || graph.IsGraphOutput(output) || graph.Consumers(output) is not [var next]
            || ModelGraph.NormalizeDomain(next.Domain) != "" || next.Output.Count == 0)
        {
            return false;
        }

        var weight = graph.Initializer(conv.Input[1]);
        if (weight is null || TensorData.ElementTypeOf(weight) != TensorElementType.Float || weight.Dims.Count < 3)
        {
            return false;
        }

        var transposed = conv.OpType == "ConvTranspose";
        var channels = (int)weight.Dims[transposed ? 1 : 0];
        var affine = next.OpType switch
        {
            "BatchNormalization" => BatchNormAffine(graph, next, output, channels),
            "Mul" or "Div" or "Add" or "Sub" => ElementwiseAffine(graph, next, output, channels, weight.Dims.Count),
            _ => null,
        };
        if (affine is not var (scale, shift))
        {
            return false;
        }

        var w = graph.ReadTensor(weight).ToArray<float>();
        var outer = transposed ? (int)weight.Dims[0] : 1;
        var inner = w.Length / (outer * channels);
        for (var o = 0; o < outer; o++)
        {
            for (var m = 0; m < channels; m++)
            {
                var start = ((o * channels) + m) * inner;
                for (var i = start; i < start + inner; i++)
                {
                    w[i] *= scale[m];
                }
            }
        }

        var b = conv.Input.Count > 2 && conv.Input[2].Length > 0 ? graph.ReadFloats(conv.Input[2]) : new float[channels];
        if (b is null || b.Length != channels)
        {
            return false;
        }

        for (var m = 0; m < channels; m++)
        {
            b[m] = (b[m] * scale[m]) + shift[m];
        }

        var newWeight = TensorData.Create<float>(graph.UniqueName(conv.Name + "_W_folded"), w, [.. weight.Dims]);
        var newBias = TensorData.Create<float>(graph.UniqueName(conv.Name + "_B_folded"), b, [channels]);
        graph.AddInitializer(newWeight);
        graph.AddInitializer(newBias);
        conv.Input[1] = newWeight.Name;
        if (conv.Input.Count > 2)
        {
            conv.Input[2] = newBias.Name;
        }
        else
        {
            conv.Input.Add(newBias.Name);
        }

        // The Conv now produces what the folded node produced, under the same name.
        conv.Output[0] = next.Output[0];
        graph.RemoveNode(next);
        return true;
    }

    /// <summary>y = scale·x + shift per channel, for inference-mode BatchNormalization with constant statistics.</summary>
    private static (float[] Scale, float[] Shift)? BatchNormAffine(ModelGraph graph, NodeProto bn, string input, int channels)
    {
        if (bn.Input.Count != 5 || bn.Input[0] != input || bn.Output.Skip(1).Any(o => o.Length > 0)
            || bn.Attribute.Any(a => a.Name == "training_mode" && a.I != 0))
        {
            return null;
        }

        var parameters = bn.Input.Skip(1).Select(graph.ReadFloats).ToList();
        if (parameters.Any(p => p is null || p.Length != channels))
        {
            return null;
        }

        var epsilon = bn.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
        var (gamma, beta, mean, variance) = (parameters[0]!, parameters[1]!, parameters[2]!, parameters[3]!);
        var scale = new float[channels];
        var shift = new float[channels];
        for (var m = 0; m < channels; m++)
        {
            scale[m] = gamma[m] / MathF.Sqrt(variance[m] + epsilon);
            shift[m] = beta[m] - (mean[m] * scale[m]);
        }

        return (scale, shift);
    }

    /// <summary>Mul/Div/Add/Sub of the Conv output by a constant that broadcasts per output channel (shape [], [1], [M,1,1], [1,M,1,1], …).</summary>
    private static (float[] Scale, float[] Shift)? ElementwiseAffine(ModelGraph graph, NodeProto node, string input, int channels, int outputRank)
    {
        if (node.Input.Count != 2)
        {
            return null;
        }

        var constantIndex = node.Input[0] == input ? 1 : 0;
        if (node.Input[1 - constantIndex] != input || (constantIndex == 0 && node.OpType is "Div" or "Sub"))
        {
            return null;
        }

        var tensor = graph.Initializer(node.Input[constantIndex]);
        if (tensor is null || TensorData.ElementTypeOf(tensor) != TensorElementType.Float || !IsPerChannel(tensor.Dims, channels, outputRank))
        {
            return null;
        }

        var values = graph.ReadTensor(tensor).ToArray<float>();
        float At(int m) => values.Length == 1 ? values[0] : values[m];
        var scale = new float[channels];
        var shift = new float[channels];
        for (var m = 0; m < channels; m++)
        {
            (scale[m], shift[m]) = node.OpType switch
            {
                "Mul" => (At(m), 0f),
                "Div" => (1f / At(m), 0f),
                "Add" => (1f, At(m)),
                _ => (1f, -At(m)),
            };
        }

        return scale.Any(s => !float.IsFinite(s)) ? null : (scale, shift);
    }

    private static bool IsPerChannel(IList<long> dims, int channels, int outputRank)
    {
        if (dims.Count > outputRank)
        {
            return false;
        }

        // Right-aligned broadcasting: the output's channel axis (1) sits at dims index 1 - (rank - count).
        var channelIndex = 1 - (outputRank - dims.Count);
        for (var i = 0; i < dims.Count; i++)
        {
            var allowed = i == channelIndex ? dims[i] == 1 || dims[i] == channels : dims[i] == 1;
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }
}
