using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Graph;

/// <summary>
/// The rank of every value we can tell without running the model: declared shapes and initializer
/// dims, then a forward walk over the ops whose output rank follows from their input ranks and
/// attributes. Best effort by design: a pass that needs a rank it cannot get here takes a form that
/// does not depend on it.
/// </summary>
public static class ValueRanks
{
    private static readonly HashSet<string> SameRank = new(StringComparer.Ordinal)
    {
        "Abs", "Acos", "Asin", "Atan", "AveragePool", "BatchNormalization", "Cast", "Ceil", "Celu", "Clip", "Conv", "ConvTranspose",
        "Cos", "CumSum", "DepthToSpace", "Dropout", "Elu", "Erf", "Exp", "Floor", "GlobalAveragePool", "GlobalMaxPool", "HardSigmoid",
        "HardSwish", "Hardmax", "Identity", "InstanceNormalization", "LayerNormalization", "LeakyRelu", "Log", "LogSoftmax", "LpNormalization",
        "LRN", "MaxPool", "Mish", "Neg", "Not", "Pad", "PRelu", "Reciprocal", "Relu", "Resize", "Round", "Selu", "Sigmoid", "Sign", "Sin",
        "Slice", "Softmax", "Softplus", "Softsign", "SpaceToDepth", "Split", "Sqrt", "Tan", "Tanh", "ThresholdedRelu", "Tile", "Upsample",
        "QuantizeLinear", "DequantizeLinear",
    };

    private static readonly HashSet<string> Broadcasting = new(StringComparer.Ordinal)
    {
        "Add", "And", "BitShift", "Div", "Equal", "Greater", "GreaterOrEqual", "Less", "LessOrEqual", "Max", "Mean", "Min", "Mod", "Mul",
        "Or", "Pow", "Sub", "Sum", "Where", "Xor",
    };

    public static Dictionary<string, int> Infer(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var info in graph.Graph.Input.Concat(graph.Graph.ValueInfo).Concat(graph.Graph.Output))
        {
            if (info.Type?.TensorType?.Shape is { } shape)
            {
                ranks[info.Name] = shape.Dim.Count;
            }
        }

        foreach (var tensor in graph.Graph.Initializer)
        {
            ranks[tensor.Name] = tensor.Dims.Count;
        }

        foreach (var node in graph.Nodes.Where(n => ModelGraph.NormalizeDomain(n.Domain) == ""))
        {
            if (node.Output.Count > 0 && node.Output[0].Length > 0 && !ranks.ContainsKey(node.Output[0]) && RankOf(node, graph, ranks) is { } rank)
            {
                ranks[node.Output[0]] = rank;
                if (node.OpType == "Split")
                {
                    foreach (var output in node.Output.Skip(1))
                    {
                        ranks.TryAdd(output, rank);
                    }
                }
            }
        }

        return ranks;
    }

    private static int? RankOf(NodeProto node, ModelGraph graph, Dictionary<string, int> ranks)
    {
        int? Input(int index) => index < node.Input.Count && ranks.TryGetValue(node.Input[index], out var r) ? r : null;
        int? ConstantLength(int index) =>
            index < node.Input.Count && graph.Initializer(node.Input[index]) is { } t ? (int)t.Dims.Aggregate(1L, (a, d) => a * d) : null;
        var axes = node.Attribute.FirstOrDefault(a => a.Name == "axes")?.Ints.Count;

        if (SameRank.Contains(node.OpType))
        {
            return Input(0);
        }

        if (Broadcasting.Contains(node.OpType))
        {
            var inputs = node.Input.Select((_, i) => Input(i)).ToList();
            return inputs.All(r => r.HasValue) ? inputs.Max() : null;
        }

        return node.OpType switch
        {
            "MatMul" => MatMulRank(Input(0), Input(1)),
            "Gemm" or "Flatten" => 2,
            "Shape" => 1,
            "Size" => 0,
            "Concat" => node.Input.Select((_, i) => Input(i)).FirstOrDefault(r => r.HasValue),
            "Transpose" => node.Attribute.FirstOrDefault(a => a.Name == "perm")?.Ints.Count ?? Input(0),
            "Reshape" => ConstantLength(1),
            "Expand" => Input(0) is { } r && ConstantLength(1) is { } n ? Math.Max(r, n) : null,
            "Squeeze" => Input(0) - (axes ?? ConstantLength(1)),
            "Unsqueeze" => Input(0) + (axes ?? ConstantLength(1)),
            "Gather" => Input(0) + Input(1) - 1,
            "ReduceMean" or "ReduceSum" or "ReduceMax" or "ReduceMin" or "ReduceProd" or "ReduceL2" or "ReduceL1" or "ReduceLogSumExp"
                or "ReduceSumSquare" or "ArgMax" or "ArgMin" =>
                node.Attribute.FirstOrDefault(a => a.Name == "keepdims") is { I: 0 } ? Input(0) - axes : Input(0),
            _ => null,
        };
    }

    private static int? MatMulRank(int? a, int? b) => (a, b) switch
    {
        (1, 1) => 0,
        (1, { } rb) => rb - 1,
        ({ } ra, 1) => ra - 1,
        ({ } ra, { } rb) => Math.Max(ra, rb),
        _ => null,
    };
}
