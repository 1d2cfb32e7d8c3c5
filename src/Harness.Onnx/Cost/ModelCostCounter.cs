using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Cost;

/// <summary>
/// Counts one inference's operations and bytes from a model's graph at concrete input shapes
/// (the job's, batch included). Counted: Conv, ConvInteger, QLinearConv (two operations per
/// multiply-accumulate of the kernel window), Gemm, MatMul, MatMulInteger, MatMulNBits (two per
/// multiply-accumulate), and elementwise ops (one per output element); in a QDQ model, a Conv,
/// MatMul or Gemm between two DequantizeLinear outputs counts as integer work. Not counted: biases
/// and Gemm's C term, pooling, reductions, data movement (Reshape, Transpose, Concat, Gather…),
/// the bodies of If/Loop/Scan, and any node after a shape that could not be inferred; each is
/// listed in <see cref="ModelCost.NotCounted"/>.
/// </summary>
public static class ModelCostCounter
{
    public static ModelCost Count(OnnxModel model, IReadOnlyDictionary<string, IReadOnlyList<long>> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShapes);
        var graph = model.Graph;
        var shapes = new Dictionary<string, TensorShape>(StringComparer.Ordinal);
        var constants = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        var folded = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var dequantized = new HashSet<string>(StringComparer.Ordinal);
        long[]? Constant(string name) => folded.TryGetValue(name, out var values) ? values : Int64Constant(constants, name);
        foreach (var initializer in graph.Initializer)
        {
            shapes[initializer.Name] = new TensorShape(TensorData.ElementTypeOf(initializer), [.. initializer.Dims]);
            constants[initializer.Name] = initializer;
        }

        foreach (var input in model.Inputs)
        {
            var type = (TensorElementType)input.Type.TensorType.ElemType;
            if (inputShapes.TryGetValue(input.Name, out var given))
            {
                shapes[input.Name] = new TensorShape(type, given);
            }
            else if (StaticDims(input) is { } fixedDims)
            {
                shapes[input.Name] = new TensorShape(type, fixedDims);
            }
        }

        double floatOps = 0, integerOps = 0, bytes = 0;
        var counted = 0;
        var uncounted = new Dictionary<(string Op, string Reason), int>();
        foreach (var node in graph.Node)
        {
            if (node.OpType == "Constant" && node.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } value)
            {
                constants[node.Output[0]] = value;
                shapes[node.Output[0]] = new TensorShape(TensorData.ElementTypeOf(value), [.. value.Dims]);
                continue;
            }

            var inputs = node.Input.Select(name => name.Length > 0 && shapes.TryGetValue(name, out var s) ? s : null).ToList();
            if (ShapeValues.Fold(node, inputs, Constant) is { } computed)
            {
                folded[node.Output[0]] = computed.Values;
                shapes[node.Output[0]] = computed.Shape;
                Tally(uncounted, node.OpType, UncountedOps.NoCostRule);
                continue;
            }

            if (node.OpType == "DequantizeLinear" && inputs.Count > 0 && inputs[0] is { Type: TensorElementType.Int8 or TensorElementType.UInt8 })
            {
                dequantized.Add(node.Output[0]);
            }

            var outputs = ShapeInference.Infer(node, inputs, Constant);
            for (var i = 0; i < outputs.Length; i++)
            {
                if (outputs[i] is { } shape)
                {
                    shapes[node.Output[i]] = shape;
                }
            }

            if (OperationsOf(node, inputs, outputs[0]) is not { } operations)
            {
                Tally(uncounted, node.OpType, IsCostly(node.OpType) ? UncountedOps.ShapeUnknown : UncountedOps.NoCostRule);
                continue;
            }

            counted++;
            if (OpKinds.IsInteger(node.OpType) || IsQuantizedProduct(node, dequantized))
            {
                integerOps += operations;
            }
            else
            {
                floatOps += operations;
            }

            bytes += inputs.Sum(i => i?.Bytes ?? 0) + outputs.Sum(o => o?.Bytes ?? 0);
        }

        var notCounted = uncounted
            .OrderBy(u => u.Key.Op, StringComparer.Ordinal)
            .Select(u => new UncountedOps(u.Key.Op, u.Value, u.Key.Reason))
            .ToList();
        return new ModelCost(floatOps, integerOps, bytes, counted, notCounted);
    }

    /// <summary>
    /// A QDQ model's Conv, MatMul or Gemm whose data and weights both come from int8 or uint8
    /// through DequantizeLinear: ONNX Runtime fuses the group into QLinearConv or an int8 matrix
    /// product, so its work is integer work.
    /// </summary>
    private static bool IsQuantizedProduct(NodeProto node, HashSet<string> dequantized) =>
        node.OpType is "Conv" or "MatMul" or "Gemm" && node.Input.Count > 1 && dequantized.Contains(node.Input[0]) && dequantized.Contains(node.Input[1]);

    private static bool IsCostly(string opType) =>
        OpKinds.IsElementwise(opType) || opType is "Conv" or "ConvInteger" or "QLinearConv" or "Gemm" or "MatMul" or "MatMulInteger" or "MatMulNBits";

    /// <summary>Operations one node performs, or null when it has no cost rule or a shape it needs is unknown.</summary>
    private static double? OperationsOf(NodeProto node, IReadOnlyList<TensorShape?> inputs, TensorShape? output)
    {
        if (output is null)
        {
            return null;
        }

        TensorShape? In(int i) => i < inputs.Count ? inputs[i] : null;
        switch (node.OpType)
        {
            case "Conv" or "ConvInteger":
                return In(1) is { } w ? 2.0 * output.Elements * KernelWindow(w) : null;
            case "QLinearConv":
                return In(3) is { } qw ? 2.0 * output.Elements * KernelWindow(qw) : null;
            case "Gemm":
                return In(0) is { } a ? 2.0 * output.Elements * (Attributes.Int(node, "transA", 0) == 1 ? a.Dims[0] : a.Dims[1]) : null;
            case "MatMul" or "MatMulInteger":
                return In(0) is { } left ? 2.0 * output.Elements * left.Dims[^1] : null;
            case "MatMulNBits":
                return 2.0 * output.Elements * Attributes.Int(node, "K", 0);
            default:
                return OpKinds.IsElementwise(node.OpType) ? output.Elements : null;
        }
    }

    /// <summary>Multiply-accumulates per output element: input channels per group times the kernel's spatial size.</summary>
    private static long KernelWindow(TensorShape weights)
    {
        long window = 1;
        for (var i = 1; i < weights.Rank; i++)
        {
            window *= weights.Dims[i];
        }

        return window;
    }

    private static long[]? StaticDims(ValueInfoProto input)
    {
        var dims = input.Type?.TensorType?.Shape?.Dim;
        return dims is not null && dims.All(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue)
            ? [.. dims.Select(d => d.DimValue)]
            : null;
    }

    private static long[]? Int64Constant(Dictionary<string, TensorProto> constants, string name) =>
        constants.TryGetValue(name, out var tensor) && TensorData.ElementTypeOf(tensor) == TensorElementType.Int64 && !TensorData.IsExternal(tensor)
            ? TensorData.ToArray<long>(tensor)
            : null;

    private static void Tally(Dictionary<(string, string), int> uncounted, string opType, string reason) =>
        uncounted[(opType, reason)] = uncounted.TryGetValue((opType, reason), out var n) ? n + 1 : 1;
}
