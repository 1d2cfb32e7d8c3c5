using System.Text.Json.Nodes;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;
using Harness.Optimize.Graph;
using Harness.Optimize.Variants;

namespace Harness.Optimize.Quantization.Dynamic;

/// <summary>
/// Dynamic int8 quantization in the operator forms ONNX Runtime's CPU provider runs fastest:
/// <list type="bullet">
/// <item>MatMul / Gemm with a constant weight → com.microsoft DynamicQuantizeMatMul (quantizes its
/// input, multiplies in int8 with MLAS and rescales in one kernel), absorbing a following bias Add.</item>
/// <item>Conv with a constant weight → DynamicQuantizeLinear → ConvInteger → Cast → Mul(scale)
/// (→ Add(bias)): the only int8 convolution ONNX has without calibrated activation scales.
/// ConvInteger takes a single weight zero point, which symmetric int8 weights satisfy (always 0),
/// so per-channel weight scales still work: they go into the rescaling Mul.</item>
/// </list>
/// </summary>
public sealed class DynamicQuantizer : IVariantTransform
{
    private const string MicrosoftDomain = "com.microsoft";

    private readonly DynamicQuantizationOptions options;

    public DynamicQuantizer(DynamicQuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
    }

    public string Kind => "int8-dynamic";

    public int Version => 2;

    public string Spec => CanonicalJson.Write(new JsonObject { ["kind"] = Kind, ["options"] = options.ToJson() });

    public IVariantTransform? ForSubgraphs => this;

    public IVariantTransform ExcludingNodes(IReadOnlyCollection<string> nodes) =>
        new DynamicQuantizer(options with { ExcludedNodes = [.. options.ExcludedNodes, .. nodes] });

    public VariantResult Apply(OnnxModel source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var graph = ModelGraph.From(source);
        var notes = QuantizationPreparation.Apply(graph);
        var types = ValueTypes.Infer(graph);
        var decisions = new List<NodeDecision>();
        var dynamicInputs = new Dictionary<string, (string Quantized, string Scale, string ZeroPoint)>(StringComparer.Ordinal);
        var absorbed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (var node in graph.Nodes.ToList())
        {
            if (absorbed.Contains(node))
            {
                decisions.Add(new NodeDecision(node.Name, node.OpType, true, "absorbed as the bias of DynamicQuantizeMatMul"));
                continue;
            }

            var reason = Rewrite(graph, node, types, dynamicInputs, absorbed, out var transformed);
            decisions.Add(new NodeDecision(node.Name, node.OpType, transformed, reason));
        }

        if (decisions.Any(d => d.Transformed && d.OpType == "Conv"))
        {
            notes.Add("ConvInteger runs as im2col plus an int8 GEMM in NCHW, without the blocked-layout kernels ORT uses for float Conv; " +
                "Conv-heavy models usually run slower than float this way. Static (QDQ) quantization gives int8 convolutions that are fast.");
        }

        if (decisions.Any(d => d.Transformed && d.OpType is "MatMul" or "Gemm") && graph.OpsetVersion(MicrosoftDomain) == 0)
        {
            graph.SetOpset(MicrosoftDomain, 1);
        }

        graph.RemoveUnusedInitializers();
        graph.SortTopologically();
        return new VariantResult(graph.ToModel(), new VariantReport(Kind, decisions, notes));
    }

    private string Rewrite(
        ModelGraph graph, NodeProto node, Dictionary<string, TensorElementType> types,
        Dictionary<string, (string, string, string)> dynamicInputs, HashSet<NodeProto> absorbed, out bool transformed)
    {
        transformed = false;
        if (options.ExcludedOpTypes.Contains(node.OpType, StringComparer.Ordinal))
        {
            return "excluded by op type";
        }

        if (options.ExcludedNodes.Contains(node.Name, StringComparer.Ordinal))
        {
            return "excluded by node name";
        }

        if (ModelGraph.NormalizeDomain(node.Domain) != "" || !options.OpTypes.Contains(node.OpType, StringComparer.Ordinal)
            || node.OpType is not ("MatMul" or "Gemm" or "Conv"))
        {
            return "not a weight-bearing op (dynamic mode quantizes Conv, MatMul and Gemm weights)";
        }

        if (node.Input.Count < 2 || types.GetValueOrDefault(node.Input[0]) != TensorElementType.Float)
        {
            return "input is not float32";
        }

        if (graph.Initializer(node.Input[1]) is not { DataType: (int)TensorElementType.Float } weight)
        {
            return "dynamic weight: input 1 is computed at run time";
        }

        var why = node.OpType == "Conv"
            ? RewriteConv(graph, node, weight, dynamicInputs)
            : RewriteMatMul(graph, node, weight, absorbed);
        transformed = why is null;
        return why ?? (node.OpType == "Conv" ? "int8 (DynamicQuantizeLinear + ConvInteger)" : "int8 (DynamicQuantizeMatMul)");
    }

    /// <summary>Returns null when rewritten, else why not.</summary>
    private string? RewriteMatMul(ModelGraph graph, NodeProto node, TensorProto weight, HashSet<NodeProto> absorbed)
    {
        long Int(string name, long fallback) => node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? fallback;
        float Float(string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.F ?? 1f;
        if (weight.Dims.Count != 2)
        {
            return "weight is not 2-D (DynamicQuantizeMatMul takes a matrix)";
        }

        var values = graph.ReadTensor(weight).ToArray<float>();
        long[] dims = [weight.Dims[0], weight.Dims[1]];
        string? bias = null;
        if (node.OpType == "Gemm")
        {
            if (Int("transA", 0) != 0 || Float("alpha") != 1f || Float("beta") != 1f)
            {
                return "Gemm with transA, alpha or beta other than the defaults";
            }

            if (Int("transB", 0) != 0)
            {
                values = Transpose(values, (int)dims[0], (int)dims[1]);
                dims = [dims[1], dims[0]];
            }

            if (node.Input.Count > 2 && node.Input[2].Length > 0)
            {
                if (graph.Initializer(node.Input[2]) is not { DataType: (int)TensorElementType.Float } c || c.Dims.Count != 1 || c.Dims[0] != dims[1])
                {
                    return "Gemm bias is not a constant vector of the output width";
                }

                bias = c.Name;
            }
        }

        var output = node.Output[0];
        if (bias is null && BiasAdd(graph, output, dims[1]) is var (add, addBias))
        {
            // Bias inside the kernel saves a pass over the output.
            bias = addBias;
            output = add.Output[0];
            graph.RemoveNode(add);
            absorbed.Add(add);
        }

        var quantized = WeightQuantizer.Quantize(values, dims, QuantType.Int8, symmetric: true, options.ReduceRange, options.PerChannel ? 1 : null);
        var (q, scale, zeroPoint) = AddWeight(graph, weight.Name, quantized);
        var replacement = new NodeProto { OpType = "DynamicQuantizeMatMul", Domain = MicrosoftDomain, Name = graph.UniqueName(node.Name + "_quant") };
        replacement.Input.Add([node.Input[0], q, scale, zeroPoint]);
        if (bias is not null)
        {
            replacement.Input.Add(bias);
        }

        replacement.Output.Add(output);
        graph.RemoveNode(node);
        graph.AddNode(replacement);
        return null;
    }

    private string? RewriteConv(ModelGraph graph, NodeProto node, TensorProto weight, Dictionary<string, (string Quantized, string Scale, string ZeroPoint)> dynamicInputs)
    {
        var channels = weight.Dims[0];
        var rank = weight.Dims.Count;
        float[]? bias = null;
        if (node.Input.Count > 2 && node.Input[2].Length > 0 && (bias = graph.ReadFloats(node.Input[2])) is null)
        {
            return "bias is not a constant float32 vector";
        }

        var input = node.Input[0];
        if (!dynamicInputs.TryGetValue(input, out var dynamic))
        {
            // One DynamicQuantizeLinear per activation, however many convolutions read it.
            dynamic = (graph.UniqueName(input + "_quantized"), graph.UniqueName(input + "_scale"), graph.UniqueName(input + "_zero_point"));
            graph.AddNode(Node("DynamicQuantizeLinear", graph.UniqueName(input + "_DynamicQuantizeLinear"), [input], [dynamic.Quantized, dynamic.Scale, dynamic.ZeroPoint]));
            dynamicInputs[input] = dynamic;
        }

        var quantized = WeightQuantizer.Quantize(graph.ReadTensor(weight), QuantType.Int8, symmetric: true, options.ReduceRange, options.PerChannel ? 0 : null);
        var values = quantized.ToValuesProto(graph.UniqueName(weight.Name + "_quantized"));
        var weightZero = TensorData.Create<sbyte>(graph.UniqueName(weight.Name + "_zero_point"), [0], []);
        graph.AddInitializer(values);
        graph.AddInitializer(weightZero);

        // Per-channel values broadcast over [N, M, spatial...] as [M, 1, …, 1].
        long[] channelShape = [channels, .. Enumerable.Repeat(1L, rank - 2)];
        var scales = quantized.Parameters.Select(p => p.Scale).ToArray();
        var weightScale = TensorData.Create<float>(graph.UniqueName(weight.Name + "_scale"), scales, scales.Length == 1 ? [] : channelShape);
        graph.AddInitializer(weightScale);

        var name = node.Name;
        var integer = graph.UniqueName(name + "_int32");
        var asFloat = graph.UniqueName(name + "_float");
        var scale = graph.UniqueName(name + "_output_scale");
        var convInteger = Node("ConvInteger", graph.UniqueName(name + "_ConvInteger"), [dynamic.Quantized, values.Name, dynamic.ZeroPoint, weightZero.Name], [integer]);
        convInteger.Attribute.Add(node.Attribute.Select(a => a.Clone()));
        var output = node.Output[0];
        var scaled = bias is null ? output : graph.UniqueName(name + "_scaled");
        graph.RemoveNode(node);
        graph.AddNode(convInteger);
        graph.AddNode(Node("Cast", graph.UniqueName(name + "_Cast"), [integer], [asFloat], NodeAttribute.Int("to", (int)TensorElementType.Float)));
        graph.AddNode(Node("Mul", graph.UniqueName(name + "_ScaleProduct"), [dynamic.Scale, weightScale.Name], [scale]));
        graph.AddNode(Node("Mul", graph.UniqueName(name + "_Rescale"), [asFloat, scale], [scaled]));
        if (bias is not null)
        {
            var biasTensor = TensorData.Create<float>(graph.UniqueName(name + "_bias"), bias, channelShape);
            graph.AddInitializer(biasTensor);
            graph.AddNode(Node("Add", graph.UniqueName(name + "_Bias"), [scaled, biasTensor.Name], [output]));
        }

        return null;
    }

    /// <summary>An Add of a constant [N] vector that is the only reader of a MatMul output.</summary>
    private static (NodeProto Add, string Bias)? BiasAdd(ModelGraph graph, string output, long width)
    {
        if (graph.IsGraphOutput(output) || graph.Consumers(output) is not [{ OpType: "Add" } add] || ModelGraph.NormalizeDomain(add.Domain) != "")
        {
            return null;
        }

        var other = add.Input[0] == output ? add.Input[1] : add.Input[0];
        return graph.Initializer(other) is { DataType: (int)TensorElementType.Float } c && c.Dims.Count == 1 && c.Dims[0] == width && add.Input.Contains(output)
            ? (add, other)
            : null;
    }

    private static (string Values, string Scale, string ZeroPoint) AddWeight(ModelGraph graph, string name, QuantizedTensor tensor)
    {
        var values = tensor.ToValuesProto(graph.UniqueName(name + "_quantized"));
        var scale = tensor.ToScaleProto(graph.UniqueName(name + "_scale"));
        var zeroPoint = tensor.ToZeroPointProto(graph.UniqueName(name + "_zero_point"));
        graph.AddInitializer(values);
        graph.AddInitializer(scale);
        graph.AddInitializer(zeroPoint);
        return (values.Name, scale.Name, zeroPoint.Name);
    }

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }

    private static NodeProto Node(string op, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        return node;
    }
}
