using Harness.Onnx;
using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Graph;

/// <summary>
/// The element type of every value we can tell: declared types first (graph inputs, outputs,
/// value_info, initializers), then a forward walk with the typing rules of the standard ops. Many
/// exporters write no value_info at all, and the rewriters must know which values are float before
/// they quantize or narrow them. A value whose type cannot be told is absent, and passes leave it alone.
/// </summary>
public static class ValueTypes
{
    // Ops whose outputs have a fixed type whatever their inputs are.
    private static readonly Dictionary<string, TensorElementType> FixedOutputType = new(StringComparer.Ordinal)
    {
        ["Shape"] = TensorElementType.Int64,
        ["Size"] = TensorElementType.Int64,
        ["NonZero"] = TensorElementType.Int64,
        ["ArgMax"] = TensorElementType.Int64,
        ["ArgMin"] = TensorElementType.Int64,
        ["NonMaxSuppression"] = TensorElementType.Int64,
        ["Equal"] = TensorElementType.Bool,
        ["Less"] = TensorElementType.Bool,
        ["LessOrEqual"] = TensorElementType.Bool,
        ["Greater"] = TensorElementType.Bool,
        ["GreaterOrEqual"] = TensorElementType.Bool,
        ["Not"] = TensorElementType.Bool,
        ["And"] = TensorElementType.Bool,
        ["Or"] = TensorElementType.Bool,
        ["Xor"] = TensorElementType.Bool,
        ["IsNaN"] = TensorElementType.Bool,
        ["IsInf"] = TensorElementType.Bool,
        ["MatMulInteger"] = TensorElementType.Int32,
        ["ConvInteger"] = TensorElementType.Int32,
    };

    public static Dictionary<string, TensorElementType> Infer(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var types = new Dictionary<string, TensorElementType>(StringComparer.Ordinal);
        foreach (var info in graph.Graph.Input.Concat(graph.Graph.ValueInfo).Concat(graph.Graph.Output))
        {
            if (info.Type?.TensorType is { ElemType: > 0 } tensorType)
            {
                types[info.Name] = (TensorElementType)tensorType.ElemType;
            }
        }

        foreach (var tensor in graph.Graph.Initializer)
        {
            types[tensor.Name] = (TensorElementType)tensor.DataType;
        }

        foreach (var node in graph.Nodes)
        {
            var outputs = OutputTypes(node, types);
            for (var i = 0; i < node.Output.Count && i < outputs.Length; i++)
            {
                // A declared type wins over our rules: it is what the exporter meant.
                if (node.Output[i].Length > 0 && outputs[i] != TensorElementType.Undefined)
                {
                    types.TryAdd(node.Output[i], outputs[i]);
                }
            }
        }

        return types;
    }

    private static TensorElementType[] OutputTypes(NodeProto node, Dictionary<string, TensorElementType> known)
    {
        TensorElementType Input(int index) =>
            index < node.Input.Count && known.TryGetValue(node.Input[index], out var t) ? t : TensorElementType.Undefined;

        var domain = ModelGraph.NormalizeDomain(node.Domain);
        if (domain is not ("" or "com.microsoft"))
        {
            return [];
        }

        if (FixedOutputType.TryGetValue(node.OpType, out var fixedType))
        {
            return Repeat(fixedType, node.Output.Count);
        }

        return node.OpType switch
        {
            "Cast" => [(TensorElementType)IntAttribute(node, "to", 0)],
            "CastLike" => [Input(1)],
            "Constant" => [ConstantType(node)],
            "ConstantOfShape" => [node.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } v ? (TensorElementType)v.DataType : TensorElementType.Float],
            "EyeLike" or "RandomNormalLike" or "RandomUniformLike" =>
                [node.Attribute.Any(a => a.Name == "dtype") ? (TensorElementType)IntAttribute(node, "dtype", 1) : Input(0)],
            "RandomNormal" or "RandomUniform" => [(TensorElementType)IntAttribute(node, "dtype", 1)],
            "QuantizeLinear" => [node.Input.Count > 2 && Input(2) != TensorElementType.Undefined ? Input(2) : TensorElementType.UInt8],
            "DequantizeLinear" => [Input(1)],
            "DynamicQuantizeLinear" => [TensorElementType.UInt8, TensorElementType.Float, TensorElementType.UInt8],
            "DynamicQuantizeMatMul" or "MatMulIntegerToFloat" => [TensorElementType.Float],
            "Where" => [Input(1)],
            "TopK" => [Input(0), TensorElementType.Int64],
            "MaxPool" => [Input(0), TensorElementType.Int64],
            "Unique" => [Input(0), TensorElementType.Int64, TensorElementType.Int64, TensorElementType.Int64],
            // A body declares its outputs' types: an If's are its branch's, a Loop's follow the body's condition output.
            "If" => BodyOutputTypes(node, "then_branch", 0),
            "Loop" => BodyOutputTypes(node, "body", 1),
            "Scan" or "SequenceConstruct" or "SplitToSequence" => [],
            // The common case: element-wise, shape-moving and reducing ops give their first input's type.
            _ => Repeat(Input(0), node.Output.Count),
        };
    }

    private static TensorElementType[] BodyOutputTypes(NodeProto node, string attribute, int skip) =>
        node.Attribute.FirstOrDefault(a => a.Name == attribute)?.G is { } body
            ? body.Output.Skip(skip).Select(o => o.Type?.TensorType is { ElemType: > 0 } t ? (TensorElementType)t.ElemType : TensorElementType.Undefined).ToArray()
            : [];

    private static TensorElementType ConstantType(NodeProto node)
    {
        var attribute = node.Attribute.FirstOrDefault();
        return attribute?.Name switch
        {
            "value" when attribute.T is not null => (TensorElementType)attribute.T.DataType,
            "value_float" or "value_floats" => TensorElementType.Float,
            "value_int" or "value_ints" => TensorElementType.Int64,
            "value_string" or "value_strings" => TensorElementType.String,
            _ => TensorElementType.Undefined,
        };
    }

    private static long IntAttribute(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : fallback;

    private static TensorElementType[] Repeat(TensorElementType type, int count) => Enumerable.Repeat(type, count).ToArray();
}
