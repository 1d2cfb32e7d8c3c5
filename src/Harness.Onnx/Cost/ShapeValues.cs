using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Cost;

/// <summary>
/// Folds the small int64 computations exported models make from shapes (Shape → Gather →
/// Unsqueeze → Concat → Reshape) into constants, once the shapes feeding them are known, so a
/// Reshape fed by them has a known target shape and the nodes after it are counted.
/// </summary>
internal static class ShapeValues
{
    /// <summary>The node's first output as int64 values with its shape, or null where it is not a foldable shape computation.</summary>
    public static (long[] Values, TensorShape Shape)? Fold(NodeProto node, IReadOnlyList<TensorShape?> inputs, Func<string, long[]?> constant)
    {
        long[]? Value(int i) => i < node.Input.Count && node.Input[i].Length > 0 ? constant(node.Input[i]) : null;
        long[]? values = node.OpType switch
        {
            "Shape" when inputs.Count > 0 && inputs[0] is { } x => Slice([.. x.Dims], Attributes.Int(node, "start", 0), Attributes.Int(node, "end", x.Rank)),
            "Gather" when Attributes.Int(node, "axis", 0) == 0 && Value(0) is { } data && Value(1) is { } indices =>
                [.. indices.Select(i => data[i < 0 ? i + data.Length : i])],
            "Concat" when node.Input.Count > 0 && Enumerable.Range(0, node.Input.Count).All(i => Value(i) is not null) =>
                [.. Enumerable.Range(0, node.Input.Count).SelectMany(i => Value(i)!)],
            "Unsqueeze" or "Squeeze" or "Cast" or "Identity" when Value(0) is { } same => same,
            "Slice" when Value(0) is { } data && Value(1) is [var start] && Value(2) is [var end] => Slice(data, start, end),
            "Mul" or "Add" or "Sub" or "Div" when Value(0) is { } a && Value(1) is { } b && (a.Length == b.Length || a.Length == 1 || b.Length == 1) =>
                Arithmetic(node.OpType, a, b),
            _ => null,
        };
        if (values is null)
        {
            return null;
        }

        // A scalar stays a scalar (Gather with a scalar index, arithmetic on scalars, Squeeze of [1]); the rest are 1-D.
        var scalar = node.OpType switch
        {
            "Gather" => inputs.Count > 1 && inputs[1] is { Rank: 0 },
            "Mul" or "Add" or "Sub" or "Div" => inputs.Count > 1 && inputs[0] is { Rank: 0 } && inputs[1] is { Rank: 0 },
            "Cast" or "Identity" => inputs.Count > 0 && inputs[0] is { Rank: 0 },
            "Squeeze" => values.Length == 1,
            _ => false,
        };
        return (values, new TensorShape(TensorElementType.Int64, scalar ? [] : [values.Length]));
    }

    private static long[] Slice(long[] data, long start, long end)
    {
        static long Clamp(long index, long length) => Math.Clamp(index < 0 ? index + length : index, 0, length);
        var from = Clamp(start, data.Length);
        var to = Clamp(end, data.Length);
        return to > from ? data[(int)from..(int)to] : [];
    }

    private static long[] Arithmetic(string op, long[] a, long[] b)
    {
        var length = Math.Max(a.Length, b.Length);
        var result = new long[length];
        for (var i = 0; i < length; i++)
        {
            var x = a[a.Length == 1 ? 0 : i];
            var y = b[b.Length == 1 ? 0 : i];
            result[i] = op switch
            {
                "Mul" => x * y,
                "Add" => x + y,
                "Sub" => x - y,
                _ => y == 0 ? throw new ArgumentException("division by zero in a shape computation") : x / y,
            };
        }

        return result;
    }
}
