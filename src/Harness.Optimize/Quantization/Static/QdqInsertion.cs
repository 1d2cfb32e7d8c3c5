using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;
using Harness.Optimize.Graph;

namespace Harness.Optimize.Quantization.Static;

/// <summary>
/// Carries out a <see cref="QdqPlan"/> on the graph: removes folded activations, puts one
/// QuantizeLinear → DequantizeLinear pair after each planned activation (every reader, quantized or
/// not, then reads the dequantized value, which is what lets ORT fuse the producer with its Q), and
/// replaces planned initializers by int8/int32 ones behind a DequantizeLinear.
/// </summary>
public sealed class QdqInsertion
{
    // The largest |bias| / (input scale × weight scale) allowed: half of int32, so the accumulator
    // still has room for the products. Channels whose weights are ~0 but whose bias is not (dead
    // channels after BatchNormalization folding) would otherwise overflow int32 and flip sign.
    private const double BiasLimit = 1 << 30;

    private readonly ModelGraph graph;
    private readonly QdqPlan plan;
    private readonly StaticQuantizationOptions options;
    private readonly QdqParameters parameters;
    private readonly Dictionary<QuantizationParameters, (string Scale, string ZeroPoint)> parameterTensors = [];
    private readonly Dictionary<string, string> quantizedValues = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, int? Axis), (QuantizedTensor Tensor, string Output)> weights = [];
    private readonly Dictionary<string, string> constants = new(StringComparer.Ordinal);

    private QdqInsertion(ModelGraph graph, QdqPlan plan, StaticQuantizationOptions options)
    {
        this.graph = graph;
        this.plan = plan;
        this.options = options;
        parameters = new QdqParameters(plan, options);
    }

    public static void Apply(ModelGraph graph, QdqPlan plan, StaticQuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var insertion = new QdqInsertion(graph, plan, options);
        insertion.FoldActivations();
        foreach (var rescale in plan.Rescales)
        {
            graph.RemoveNode(rescale);
        }

        // Tensors with integers of their own first; rescaled ones then read those integers.
        foreach (var (tensor, source) in plan.Activations.Where(p => p.Value.AffineOf is null))
        {
            insertion.QuantizeActivation(tensor);
        }

        foreach (var (tensor, _) in plan.Activations.Where(p => p.Value.AffineOf is not null))
        {
            insertion.DequantizeRescaled(tensor);
        }

        foreach (var use in plan.Weights)
        {
            insertion.QuantizeWeight(use);
        }

        foreach (var use in plan.Constants)
        {
            insertion.QuantizeConstant(use);
        }

        graph.RemoveUnusedInitializers();
        graph.SortTopologically();
    }

    private void FoldActivations()
    {
        foreach (var activation in plan.FoldedActivations)
        {
            var producer = graph.Producer(activation.Input[0])!;
            var index = producer.Output.IndexOf(activation.Input[0]);
            graph.RemoveNode(activation);
            producer.Output[index] = activation.Output[0];
            graph.Invalidate();
        }
    }

    /// <summary>Scale and zero point initializers for these parameters, shared by every tensor that has them.</summary>
    private (QuantizationParameters Parameters, string Scale, string ZeroPoint) ActivationParameters(string tensor)
    {
        var (values, _) = parameters.Of(tensor);
        if (!parameterTensors.TryGetValue(values, out var names))
        {
            var scale = TensorData.Create<float>(graph.UniqueName(tensor + "_scale"), [values.Scale], []);
            var zeroPoint = ZeroPointTensor(graph.UniqueName(tensor + "_zero_point"), options.ActivationType, [values.ZeroPoint], []);
            graph.AddInitializer(scale);
            graph.AddInitializer(zeroPoint);
            parameterTensors[values] = names = (scale.Name, zeroPoint.Name);
        }

        return (values, names.Scale, names.ZeroPoint);
    }

    private void QuantizeActivation(string tensor)
    {
        var (_, scale, zeroPoint) = ActivationParameters(tensor);
        var readers = graph.Consumers(tensor).ToList();
        var quantized = graph.UniqueName(tensor + "_quantized");
        var dequantized = graph.UniqueName(tensor + "_dequantized");
        var q = graph.AddNode(Node("QuantizeLinear", tensor + "_QuantizeLinear", [tensor, scale, zeroPoint], quantized));
        quantizedValues[tensor] = quantized;
        if (readers.Count == 0)
        {
            return; // read only through rescaled parameters (its scalar Mul/Add readers were removed)
        }

        graph.AddNode(Node("DequantizeLinear", tensor + "_DequantizeLinear", [quantized, scale, zeroPoint], dequantized));
        var readerSet = readers.ToHashSet(ReferenceEqualityComparer.Instance);
        graph.RedirectConsumers(tensor, dequantized, node => !ReferenceEquals(node, q) && readerSet.Contains(node));
    }

    /// <summary>The output of a removed scalar Mul/Add: its input's integers, dequantized with the rescaled parameters.</summary>
    private void DequantizeRescaled(string tensor)
    {
        if (graph.Consumers(tensor).Count == 0)
        {
            return; // an intermediate step of a chain of rescales, all of them removed
        }

        var (_, scale, zeroPoint) = ActivationParameters(tensor);
        var root = parameters.Of(tensor).Root;
        var dequantized = graph.UniqueName(tensor + "_dequantized");
        graph.AddNode(Node("DequantizeLinear", tensor + "_DequantizeLinear", [quantizedValues[root], scale, zeroPoint], dequantized));
        graph.RedirectConsumers(tensor, dequantized);
    }

    private void QuantizeWeight(WeightUse use)
    {
        var name = use.Node.Input[use.Input];
        var bias = plan.Biases.FirstOrDefault(b => ReferenceEquals(b.Node, use.Node));
        var inputScale = bias is null ? 0f : ActivationParameters(bias.Activation).Parameters.Scale;
        float[]? biasValues = bias is null ? null : graph.ReadFloats(use.Node.Input[bias.Input]);
        var value = graph.ReadTensor(graph.Initializer(name)!);
        var minimumScales = biasValues is null ? default : MinimumWeightScales(biasValues, inputScale, use.Axis is null);

        // Weights shared by several nodes are stored once, unless a node's bias needs larger scales.
        var key = (name, use.Axis);
        if (!weights.TryGetValue(key, out var entry) || !Satisfies(entry.Tensor, minimumScales))
        {
            var tensor = WeightQuantizer.Quantize(value, QuantType.Int8, symmetric: true, options.ReduceRange, use.Axis, minimumScales);
            var output = AddDequantized(name, tensor);
            entry = (tensor, output);
            if (!weights.ContainsKey(key))
            {
                weights[key] = entry;
            }
        }

        use.Node.Input[use.Input] = entry.Output;
        if (bias is not null && biasValues is not null)
        {
            QuantizeBias(bias, biasValues, inputScale, entry.Tensor);
        }

        graph.Invalidate();
    }

    private float[]? MinimumWeightScales(float[] bias, float inputScale, bool perTensor)
    {
        if (inputScale <= 0)
        {
            return null;
        }

        var minimum = bias.Select(b => (float)(Math.Abs(b) / (inputScale * BiasLimit))).ToArray();
        return perTensor ? [minimum.Max()] : minimum;
    }

    private static bool Satisfies(QuantizedTensor tensor, ReadOnlySpan<float> minimumScales)
    {
        for (var i = 0; i < minimumScales.Length; i++)
        {
            if (tensor.Parameters[tensor.Parameters.Length == 1 ? 0 : i].Scale < minimumScales[i])
            {
                return false;
            }
        }

        return true;
    }

    private void QuantizeBias(BiasUse use, float[] bias, float inputScale, QuantizedTensor weight)
    {
        var name = use.Node.Input[use.Input];
        var weightScales = weight.Parameters.Select(p => p.Scale).ToArray();
        var values = QuantizationMath.QuantizeBias(bias, inputScale, weightScales, out var biasScales);
        var perChannel = biasScales.Length > 1;
        var quantized = TensorData.Create<int>(graph.UniqueName(name + "_quantized"), values, [values.Length]);
        var scale = TensorData.Create<float>(graph.UniqueName(name + "_scale"), biasScales, perChannel ? [biasScales.Length] : []);
        graph.AddInitializer(quantized);
        graph.AddInitializer(scale);
        var output = graph.UniqueName(name + "_dequantized");

        // No zero point: it is 0, the default, and one int32 per channel would be 4 bytes of file each.
        var dq = Node("DequantizeLinear", name + "_DequantizeLinear", [quantized.Name, scale.Name], output);
        if (perChannel)
        {
            dq.Attribute.Add(NodeAttribute.Int("axis", 0));
        }

        graph.AddNode(dq);
        use.Node.Input[use.Input] = output;
        graph.Invalidate();
    }

    private void QuantizeConstant(ConstantUse use)
    {
        var name = use.Node.Input[use.Input];
        if (!constants.TryGetValue(name, out var output))
        {
            var tensor = WeightQuantizer.Quantize(graph.ReadTensor(graph.Initializer(name)!), options.ActivationType, options.ActivationSymmetric, reduceRange: false, axis: null);
            output = constants[name] = AddDequantized(name, tensor);
        }

        use.Node.Input[use.Input] = output;
        graph.Invalidate();
    }

    /// <summary>Adds the quantized values, scale, zero point and a DequantizeLinear; returns the dequantized value's name.</summary>
    private string AddDequantized(string name, QuantizedTensor tensor)
    {
        var values = tensor.ToValuesProto(graph.UniqueName(name + "_quantized"));
        var scale = tensor.ToScaleProto(graph.UniqueName(name + "_scale"));
        graph.AddInitializer(values);
        graph.AddInitializer(scale);
        string[] inputs = [values.Name, scale.Name];

        // Symmetric int8 weights have zero points of 0, DequantizeLinear's default: leaving them out
        // saves a byte per channel and a name per weight (the detector's variant crosses 30% of the
        // float file with them), and ORT fuses the same kernels without them.
        if (tensor.Type != QuantType.Int8 || tensor.Parameters.Any(p => p.ZeroPoint != 0))
        {
            var zeroPoint = tensor.ToZeroPointProto(graph.UniqueName(name + "_zero_point"));
            graph.AddInitializer(zeroPoint);
            inputs = [.. inputs, zeroPoint.Name];
        }

        var output = graph.UniqueName(name + "_dequantized");
        var dq = Node("DequantizeLinear", name + "_DequantizeLinear", inputs, output);
        if (tensor.Axis is { } axis)
        {
            dq.Attribute.Add(NodeAttribute.Int("axis", axis));
        }

        graph.AddNode(dq);
        return output;
    }

    private NodeProto Node(string op, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = graph.UniqueName(name) };
        node.Input.Add(inputs);
        node.Output.Add(output);
        return node;
    }

    private static TensorProto ZeroPointTensor(string name, QuantType type, int[] values, long[] dims) =>
        TensorData.Create(name, type.ElementType(), dims, values.Select(v => unchecked((byte)v)).ToArray());
}
