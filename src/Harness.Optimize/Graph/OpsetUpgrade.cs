using System.Globalization;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Graph;

/// <summary>
/// Raises the default-domain opset of a model (from 7 up to 13) by rewriting the ops whose
/// signature changed on the way: attributes that became inputs (Slice 10, TopK 10, Clip 11, Pad 11,
/// Split/Squeeze/Unsqueeze/ReduceSum 13), Softmax-family axis semantics (13), Scatter renamed
/// (11), Dropout (an identity at inference). Quantization needs this: per-channel
/// QuantizeLinear/DequantizeLinear exist from opset 13, DynamicQuantizeLinear from 11, and many
/// exporters (paddle2onnx among them) still write opset 9. Merely bumping the version number, as
/// some tools do, makes ONNX Runtime refuse every Clip with min/max attributes.
/// An op this pass cannot carry over stops it with a <see cref="ModelRewriteException"/>.
/// </summary>
public static class OpsetUpgrade
{
    public const long OldestSupported = 7;
    public const long Newest = 13;

    /// <summary>Upgrades to <paramref name="target"/> when the model is older; returns false when nothing needed doing.</summary>
    public static bool Apply(ModelGraph graph, long target)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (target > Newest)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, $"Harness upgrades models up to opset {Newest}.");
        }

        var from = graph.OpsetVersion("");
        if (from >= target)
        {
            return false;
        }

        if (from < OldestSupported)
        {
            throw new ModelRewriteException(
                $"{graph.SourceName} uses ONNX opset {from}; Harness can upgrade models from opset {OldestSupported} on. Export the model with a newer opset.");
        }

        var types = ValueTypes.Infer(graph);
        var ranks = ValueRanks.Infer(graph);
        foreach (var node in graph.Nodes.Where(n => ModelGraph.NormalizeDomain(n.Domain) == "").ToList())
        {
            Upgrade(graph, node, from, target, types, ranks);
        }

        graph.SetOpset("", target);
        if (graph.Proto.IrVersion < 7)
        {
            // Opset 13 needs IR version 7.
            graph.Proto.IrVersion = 7;
        }

        graph.SortTopologically();
        return true;
    }

    private static void Upgrade(ModelGraph graph, NodeProto node, long from, long to, Dictionary<string, TensorElementType> types, Dictionary<string, int> ranks)
    {
        bool Crosses(long version) => from < version && to >= version;

        if (SubgraphScope.HasSubgraphs(node))
        {
            Refuse(graph, node, from, to, "its subgraphs contain ops of the old opset, which this upgrade does not enter");
        }

        switch (node.OpType)
        {
            case "Slice" when Crosses(10):
                AttributesToInputs(graph, node, ("starts", true), ("ends", true), ("axes", false));
                break;
            case "TopK" when Crosses(10):
                AttributesToInputs(graph, node, ("k", true));
                break;
            case "Clip" when Crosses(11):
                ClipToInputs(graph, node, types);
                break;
            case "Pad" when Crosses(11):
                PadToInputs(graph, node, types);
                break;
            case "Scatter" when Crosses(11):
                node.OpType = "ScatterElements";
                break;
            case "Dropout" when Crosses(12):
                DropoutToIdentity(graph, node, from, to);
                break;
            case "Squeeze" or "Unsqueeze" or "ReduceSum" when Crosses(13):
                AttributesToInputs(graph, node, ("axes", false));
                break;
            case "Split" when Crosses(13):
                AttributesToInputs(graph, node, ("split", false));
                break;
            case "Softmax" or "LogSoftmax" or "Hardmax" when Crosses(13):
                SoftmaxAxisSemantics(graph, node, ranks);
                break;
            case "BatchNormalization" when Crosses(9):
                if (node.Attribute.FirstOrDefault(a => a.Name == "spatial") is { } spatial)
                {
                    if (spatial.I == 0)
                    {
                        Refuse(graph, node, from, to, "it normalizes per element (spatial = 0), which later opsets dropped");
                    }

                    node.Attribute.Remove(spatial);
                }

                break;
            case "Upsample" or "Resize" when Crosses(11):
                Refuse(graph, node, from, to, "its coordinate conventions changed in opset 11 and Harness does not translate them yet");
                break;
        }
    }

    /// <summary>Moves int64 list attributes to inputs in the given order; an absent optional one becomes an empty input when a later one is present.</summary>
    private static void AttributesToInputs(ModelGraph graph, NodeProto node, params (string Name, bool Required)[] attributes)
    {
        var pending = 0;
        foreach (var (name, required) in attributes)
        {
            var attribute = node.Attribute.FirstOrDefault(a => a.Name == name);
            if (attribute is null)
            {
                if (required)
                {
                    throw new ModelFormatException($"{graph.SourceName}: {node.OpType} node '{node.Name}' lacks its required attribute '{name}'.");
                }

                pending++;
                continue;
            }

            for (; pending > 0; pending--)
            {
                node.Input.Add(string.Empty);
            }

            var values = attribute.Type == AttributeProto.Types.AttributeType.Int ? [attribute.I] : attribute.Ints.ToArray();
            var tensor = ConstantTensors.Int64s(graph.UniqueName($"{node.Name}_{name}"), values);
            graph.AddInitializer(tensor);
            node.Input.Add(tensor.Name);
            node.Attribute.Remove(attribute);
        }

        graph.Invalidate();
    }

    private static void ClipToInputs(ModelGraph graph, NodeProto node, Dictionary<string, TensorElementType> types)
    {
        var min = node.Attribute.FirstOrDefault(a => a.Name == "min");
        var max = node.Attribute.FirstOrDefault(a => a.Name == "max");
        node.Attribute.Clear();
        if (min is null && max is null)
        {
            return;
        }

        // An absent bound meant "no bound" (±FLT_MAX) and still does as an empty or missing input.
        var type = FloatTypeOf(graph, node, types);
        node.Input.Add(min is null ? string.Empty : AddScalar(graph, node, "min", type, min.F));
        if (max is not null)
        {
            node.Input.Add(AddScalar(graph, node, "max", type, max.F));
        }

        graph.Invalidate();
    }

    private static void PadToInputs(ModelGraph graph, NodeProto node, Dictionary<string, TensorElementType> types)
    {
        var value = node.Attribute.FirstOrDefault(a => a.Name == "value");
        AttributesToInputs(graph, node, ("pads", true));
        if (value is not null)
        {
            if (value.F != 0)
            {
                node.Input.Add(AddScalar(graph, node, "value", FloatTypeOf(graph, node, types), value.F));
            }

            node.Attribute.Remove(value);
        }
    }

    private static void DropoutToIdentity(ModelGraph graph, NodeProto node, long from, long to)
    {
        if (node.Output.Count > 1 && node.Output[1].Length > 0 && (graph.Consumers(node.Output[1]).Count > 0 || graph.IsGraphOutput(node.Output[1])))
        {
            Refuse(graph, node, from, to, "its mask output is used");
        }

        // At inference Dropout passes its input through; Identity says so in every opset.
        node.OpType = "Identity";
        node.Attribute.Clear();
        while (node.Output.Count > 1)
        {
            node.Output.RemoveAt(node.Output.Count - 1);
        }

        graph.Invalidate();
    }

    /// <summary>
    /// Before opset 13 Softmax flattens its input to 2-D at <c>axis</c> and normalizes each row; from
    /// 13 it normalizes along <c>axis</c> only. The two agree when axis is the last dimension. Otherwise
    /// the old meaning is spelled out: Flatten, Softmax over the last axis, Reshape back.
    /// </summary>
    private static void SoftmaxAxisSemantics(ModelGraph graph, NodeProto node, Dictionary<string, int> ranks)
    {
        var axisAttribute = node.Attribute.FirstOrDefault(a => a.Name == "axis");
        var axis = axisAttribute?.I ?? 1;
        var rank = ranks.TryGetValue(node.Input[0], out var r) ? r : (int?)null;
        if (axis == -1 || (rank is { } known && (axis + known) % known == known - 1))
        {
            node.Attribute.Clear();
            node.Attribute.Add(NodeAttribute.Int("axis", -1));
            return;
        }

        var input = node.Input[0];
        var output = node.Output[0];
        var flat = graph.UniqueName(node.Name + "_flat");
        var normalized = graph.UniqueName(node.Name + "_rows");
        var shape = graph.UniqueName(node.Name + "_shape");
        graph.AddNode(Make("Flatten", node.Name + "_flatten", [input], [flat], NodeAttribute.Int("axis", axis)));
        graph.AddNode(Make("Shape", node.Name + "_input_shape", [input], [shape]));
        node.Input[0] = flat;
        node.Output[0] = normalized;
        node.Attribute.Clear();
        node.Attribute.Add(NodeAttribute.Int("axis", -1));
        graph.AddNode(Make("Reshape", node.Name + "_restore", [normalized, shape], [output]));
    }

    private static NodeProto Make(string op, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        return node;
    }

    private static string AddScalar(ModelGraph graph, NodeProto node, string what, TensorElementType type, double value)
    {
        var tensor = ConstantTensors.FloatScalar(graph.UniqueName($"{node.Name}_{what}"), type, value);
        graph.AddInitializer(tensor);
        return tensor.Name;
    }

    private static TensorElementType FloatTypeOf(ModelGraph graph, NodeProto node, Dictionary<string, TensorElementType> types)
    {
        var type = types.GetValueOrDefault(node.Input[0], TensorElementType.Float);
        return type is TensorElementType.Float or TensorElementType.Float16 or TensorElementType.Double
            ? type
            : throw new ModelRewriteException(
                $"{graph.SourceName}: {node.OpType} node '{node.Name}' works on {type.DisplayName()} values; Harness upgrades its opset only for floating-point inputs.");
    }

    private static void Refuse(ModelGraph graph, NodeProto node, long from, long to, string why) =>
        throw new ModelRewriteException(
            $"{graph.SourceName} needs ONNX opset {to.ToString(CultureInfo.InvariantCulture)} for this variant but uses {from.ToString(CultureInfo.InvariantCulture)}, " +
            $"and {node.OpType} node '{node.Name}' cannot be carried over: {why}. Export the model at opset {to.ToString(CultureInfo.InvariantCulture)} or later.");
}
