using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Graph;

/// <summary>
/// Two rewrites of arithmetic with float32 constants that make more of a model quantizable:
/// <list type="bullet">
/// <item>x / c becomes x · (1/c). ONNX Runtime has an int8 Mul (QLinearMul) but no int8 Div, so a
/// Div (hard-swish's "/ 6", for one) would drop the tensor back to float. The result differs from
/// the division by at most about one unit in the last place.</item>
/// <item>(x · a) · b becomes x · (a·b) when a and b are scalars and the middle value has no other
/// reader: one pass over the tensor instead of two (and one requantization less in int8).</item>
/// </list>
/// </summary>
public static class ConstantArithmetic
{
    /// <summary>Returns how many nodes were rewritten or merged.</summary>
    public static int Apply(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var rewritten = 0;
        foreach (var div in graph.Nodes.Where(n => n.OpType == "Div" && ModelGraph.NormalizeDomain(n.Domain) == "").ToList())
        {
            if (Constant(graph, div, 1) is { } divisor && divisor.All(v => v != 0 && float.IsFinite(1f / v)))
            {
                var tensor = graph.Initializer(div.Input[1])!;
                var reciprocal = TensorData.Create<float>(graph.UniqueName(tensor.Name + "_reciprocal"), divisor.Select(v => 1f / v).ToArray(), [.. tensor.Dims]);
                graph.AddInitializer(reciprocal);
                div.OpType = "Mul";
                div.Input[1] = reciprocal.Name;
                graph.Invalidate();
                rewritten++;
            }
        }

        foreach (var first in graph.Nodes.Where(n => n.OpType == "Mul" && ModelGraph.NormalizeDomain(n.Domain) == "").ToList())
        {
            if (graph.Contains(first) && TryMergeScalarMuls(graph, first))
            {
                rewritten++;
            }
        }

        if (rewritten > 0)
        {
            graph.RemoveUnusedInitializers();
        }

        return rewritten;
    }

    private static bool TryMergeScalarMuls(ModelGraph graph, NodeProto first)
    {
        var a = ScalarOperand(graph, first, out var firstConstantIndex, out var firstDims);
        var middle = first.Output[0];
        if (a is null || graph.IsGraphOutput(middle) || graph.Consumers(middle) is not [var second]
            || second.OpType != "Mul" || ModelGraph.NormalizeDomain(second.Domain) != "")
        {
            return false;
        }

        var b = ScalarOperand(graph, second, out var secondConstantIndex, out var secondDims);
        if (b is null || second.Input[1 - secondConstantIndex] != middle)
        {
            return false;
        }

        // Single-element constants of shape [1] or [1, 1] still broadcast; the merged one keeps the longer shape.
        var dims = firstDims.Length >= secondDims.Length ? firstDims : secondDims;
        var product = TensorData.Create<float>(graph.UniqueName(first.Name + "_scale"), [a.Value * b.Value], dims);
        graph.AddInitializer(product);
        first.Input[firstConstantIndex] = product.Name;
        first.Output[0] = second.Output[0];
        graph.RemoveNode(second);
        return true;
    }

    private static float? ScalarOperand(ModelGraph graph, NodeProto mul, out int constantIndex, out long[] dims)
    {
        constantIndex = -1;
        dims = [];
        if (mul.Input.Count != 2)
        {
            return null;
        }

        for (var i = 0; i < 2; i++)
        {
            if (graph.Initializer(mul.Input[i]) is { } t && TensorData.ElementCount(t.Dims) == 1
                && Constant(graph, mul, i) is [var value] && graph.Initializer(mul.Input[1 - i]) is null)
            {
                constantIndex = i;
                dims = [.. t.Dims];
                return value;
            }
        }

        return null;
    }

    private static float[]? Constant(ModelGraph graph, NodeProto node, int index) =>
        index < node.Input.Count && graph.Initializer(node.Input[index]) is { } t && TensorData.ElementTypeOf(t) == TensorElementType.Float
            ? graph.ReadTensor(t).ToArray<float>()
            : null;
}
