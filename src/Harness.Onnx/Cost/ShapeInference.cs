using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Cost;

/// <summary>
/// Output shapes of the ops the cost counter needs, from concrete input shapes: convolutions and
/// pooling, Gemm and the MatMul family, elementwise ops with broadcasting, and the reshaping ops
/// that sit between them in exported models (Reshape and Squeeze/Unsqueeze with constant inputs,
/// Flatten, Transpose, Concat). An op outside these, or a shape computed at run time (Shape →
/// Gather → Reshape), leaves its outputs unknown; nodes fed by them are reported uncounted.
/// </summary>
internal static class ShapeInference
{
    /// <param name="inputs">The node's input shapes, null where unknown or absent.</param>
    /// <param name="constant">The int64 values of a constant (initializer) input, or null.</param>
    /// <returns>The node's output shapes, null where unknown.</returns>
    public static TensorShape?[] Infer(NodeProto node, IReadOnlyList<TensorShape?> inputs, Func<string, long[]?> constant)
    {
        var outputs = new TensorShape?[node.Output.Count];
        if (outputs.Length == 0)
        {
            return outputs;
        }

        try
        {
            outputs[0] = First(node, inputs, constant);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or InvalidOperationException or OverflowException)
        {
            outputs[0] = null; // inconsistent shapes: left unknown rather than guessed
        }

        if (node.OpType == "DynamicQuantizeLinear" && outputs.Length == 3)
        {
            outputs[1] = new TensorShape(TensorElementType.Float, []);
            outputs[2] = new TensorShape(TensorElementType.UInt8, []);
        }

        return outputs;
    }

    private static TensorShape? First(NodeProto node, IReadOnlyList<TensorShape?> inputs, Func<string, long[]?> constant)
    {
        TensorShape? In(int i) => i < inputs.Count ? inputs[i] : null;
        var x = In(0);
        var op = node.OpType;
        if (OpKinds.ElementwiseUnary.Contains(op) || OpKinds.ShapeKeeping.Contains(op))
        {
            return x is null ? null : x with { Type = OutputType(node, inputs) };
        }

        if (OpKinds.ElementwiseBinary.Contains(op))
        {
            if (inputs.Any(i => i is null))
            {
                return null;
            }

            var dims = inputs.Select(i => i!.Dims).Aggregate(Broadcast);
            var type = op is "Equal" or "Less" or "Greater" or "And" or "Or" ? TensorElementType.Bool : op == "Where" ? inputs[1]!.Type : x!.Type;
            return new TensorShape(type, dims);
        }

        return op switch
        {
            "Conv" => Convolution(node, x, In(1), x?.Type),
            "ConvInteger" => Convolution(node, x, In(1), TensorElementType.Int32),
            "QLinearConv" => Convolution(node, x, In(3), In(7)?.Type ?? TensorElementType.UInt8),
            "MaxPool" or "AveragePool" or "LpPool" => Pooling(node, x),
            "GlobalAveragePool" or "GlobalMaxPool" => x is null ? null : x with { Dims = [.. x.Dims.Take(2), .. x.Dims.Skip(2).Select(_ => 1L)] },
            "Gemm" => Gemm(node, x, In(1)),
            "MatMul" => MatMul(x, In(1), x?.Type),
            "MatMulInteger" => MatMul(x, In(1), TensorElementType.Int32),
            "MatMulNBits" => x is null ? null : x with { Dims = [.. x.Dims.SkipLast(1), Attributes.Int(node, "N", 0)] },
            "Flatten" => Flatten(node, x),
            "Reshape" => Reshape(node, x, node.Input.Count > 1 ? constant(node.Input[1]) : null),
            "Transpose" => Transpose(node, x),
            "Squeeze" => Squeeze(node, x, Axes(node, constant)),
            "Unsqueeze" => Unsqueeze(node, x, Axes(node, constant)),
            "Concat" => Concat(node, inputs),
            _ => null,
        };
    }

    private static TensorElementType OutputType(NodeProto node, IReadOnlyList<TensorShape?> inputs) => node.OpType switch
    {
        "Cast" => (TensorElementType)Attributes.Int(node, "to", (long)TensorElementType.Float),
        "DequantizeLinear" => inputs.Count > 1 && inputs[1] is { } scale ? scale.Type : TensorElementType.Float,
        "QuantizeLinear" => inputs.Count > 2 && inputs[2] is { } zeroPoint ? zeroPoint.Type : TensorElementType.UInt8,
        "DynamicQuantizeLinear" => TensorElementType.UInt8,
        _ => inputs[0]!.Type,
    };

    /// <summary>numpy broadcasting: dims aligned from the right, a 1 stretches to the other's size.</summary>
    public static IReadOnlyList<long> Broadcast(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        var rank = Math.Max(a.Count, b.Count);
        var dims = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Count ? 1 : a[i - (rank - a.Count)];
            var db = i < rank - b.Count ? 1 : b[i - (rank - b.Count)];
            dims[i] = da == 1 ? db : db == 1 || db == da ? da : throw new ArgumentException($"dims {da} and {db} do not broadcast");
        }

        return dims;
    }

    private static TensorShape? Convolution(NodeProto node, TensorShape? x, TensorShape? w, TensorElementType? type)
    {
        if (x is null || w is null || type is null)
        {
            return null;
        }

        var kernel = w.Dims.Skip(2).ToArray();
        var spatial = Spatial(node, x.Dims.Skip(2).ToArray(), kernel);
        return new TensorShape(type.Value, [x.Dims[0], w.Dims[0], .. spatial]);
    }

    private static TensorShape? Pooling(NodeProto node, TensorShape? x)
    {
        if (x is null)
        {
            return null;
        }

        var kernel = Attributes.Ints(node, "kernel_shape") ?? throw new ArgumentException("pooling without kernel_shape");
        return x with { Dims = [x.Dims[0], x.Dims[1], .. Spatial(node, x.Dims.Skip(2).ToArray(), kernel)] };
    }

    /// <summary>Output spatial sizes of a convolution or pooling window, from ONNX's formulas for pads, strides, dilations and auto_pad.</summary>
    private static long[] Spatial(NodeProto node, long[] input, long[] kernel)
    {
        var rank = input.Length;
        var strides = Attributes.Ints(node, "strides") ?? Enumerable.Repeat(1L, rank).ToArray();
        var dilations = Attributes.Ints(node, "dilations") ?? Enumerable.Repeat(1L, rank).ToArray();
        var pads = Attributes.Ints(node, "pads") ?? new long[2 * rank];
        var autoPad = Attributes.String(node, "auto_pad") ?? "NOTSET";
        var ceil = Attributes.Int(node, "ceil_mode", 0) == 1;
        var output = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            var extent = dilations[i] * (kernel[i] - 1) + 1;
            output[i] = autoPad switch
            {
                "SAME_UPPER" or "SAME_LOWER" => (input[i] + strides[i] - 1) / strides[i],
                "VALID" => (input[i] - extent) / strides[i] + 1,
                _ => Divide(input[i] + pads[i] + pads[i + rank] - extent, strides[i], ceil) + 1,
            };
        }

        return output;
    }

    private static long Divide(long value, long divisor, bool ceil) => ceil ? (value + divisor - 1) / divisor : value / divisor;

    private static TensorShape? Gemm(NodeProto node, TensorShape? a, TensorShape? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        var m = Attributes.Int(node, "transA", 0) == 1 ? a.Dims[1] : a.Dims[0];
        var n = Attributes.Int(node, "transB", 0) == 1 ? b.Dims[0] : b.Dims[1];
        return new TensorShape(a.Type, [m, n]);
    }

    /// <summary>numpy matmul: 1-D operands are promoted and the added axis removed again; leading axes broadcast.</summary>
    private static TensorShape? MatMul(TensorShape? a, TensorShape? b, TensorElementType? type)
    {
        if (a is null || b is null || type is null)
        {
            return null;
        }

        var left = a.Rank == 1 ? new[] { 1L, a.Dims[0] } : a.Dims.ToArray();
        var right = b.Rank == 1 ? new[] { b.Dims[0], 1L } : b.Dims.ToArray();
        if (left[^1] != right[^2])
        {
            throw new ArgumentException("inner dims differ");
        }

        var batch = Broadcast(left[..^2], right[..^2]);
        var dims = new List<long>(batch);
        if (a.Rank != 1)
        {
            dims.Add(left[^2]);
        }

        if (b.Rank != 1)
        {
            dims.Add(right[^1]);
        }

        return new TensorShape(type.Value, dims);
    }

    private static TensorShape? Flatten(NodeProto node, TensorShape? x)
    {
        if (x is null)
        {
            return null;
        }

        var axis = Attributes.Int(node, "axis", 1);
        axis = axis < 0 ? axis + x.Rank : axis;
        long outer = 1;
        for (var i = 0; i < axis; i++)
        {
            outer *= x.Dims[i];
        }

        return x with { Dims = [outer, x.Elements / Math.Max(outer, 1)] };
    }

    private static TensorShape? Reshape(NodeProto node, TensorShape? x, long[]? shape)
    {
        if (x is null || shape is null)
        {
            return null;
        }

        var allowZero = Attributes.Int(node, "allowzero", 0) == 1;
        var dims = shape.Select((d, i) => d == 0 && !allowZero ? x.Dims[i] : d).ToArray();
        var unknown = Array.IndexOf(dims, -1L);
        if (unknown >= 0)
        {
            var known = dims.Where(d => d != -1).Aggregate(1L, (p, d) => p * d);
            dims[unknown] = known == 0 ? 0 : x.Elements / known;
        }

        return x with { Dims = dims };
    }

    private static TensorShape? Transpose(NodeProto node, TensorShape? x)
    {
        if (x is null)
        {
            return null;
        }

        var perm = Attributes.Ints(node, "perm") ?? Enumerable.Range(0, x.Rank).Reverse().Select(i => (long)i).ToArray();
        return x with { Dims = perm.Select(p => x.Dims[(int)p]).ToArray() };
    }

    /// <summary>Squeeze and Unsqueeze take axes as an attribute before opset 13 and as a constant input from it.</summary>
    private static long[]? Axes(NodeProto node, Func<string, long[]?> constant) =>
        Attributes.Ints(node, "axes") ?? (node.Input.Count > 1 && node.Input[1].Length > 0 ? constant(node.Input[1]) : null);

    private static TensorShape? Squeeze(NodeProto node, TensorShape? x, long[]? axes)
    {
        if (x is null)
        {
            return null;
        }

        if (axes is null && node.Input.Count > 1 && node.Input[1].Length > 0)
        {
            return null; // axes computed at run time
        }

        var drop = axes?.Select(a => a < 0 ? a + x.Rank : a).ToHashSet() ?? Enumerable.Range(0, x.Rank).Where(i => x.Dims[i] == 1).Select(i => (long)i).ToHashSet();
        return x with { Dims = x.Dims.Where((_, i) => !drop.Contains(i)).ToArray() };
    }

    private static TensorShape? Unsqueeze(NodeProto node, TensorShape? x, long[]? axes)
    {
        if (x is null || axes is null)
        {
            return null;
        }

        var rank = x.Rank + axes.Length;
        var insert = axes.Select(a => a < 0 ? a + rank : a).ToHashSet();
        var dims = new long[rank];
        var next = 0;
        for (var i = 0; i < rank; i++)
        {
            dims[i] = insert.Contains(i) ? 1 : x.Dims[next++];
        }

        return x with { Dims = dims };
    }

    private static TensorShape? Concat(NodeProto node, IReadOnlyList<TensorShape?> inputs)
    {
        if (inputs.Count == 0 || inputs.Any(i => i is null))
        {
            return null;
        }

        var first = inputs[0]!;
        var axis = Attributes.Int(node, "axis", 0);
        axis = axis < 0 ? axis + first.Rank : axis;
        var dims = first.Dims.ToArray();
        dims[axis] = inputs.Sum(i => i!.Dims[(int)axis]);
        return first with { Dims = dims };
    }
}
