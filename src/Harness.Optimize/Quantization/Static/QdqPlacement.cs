using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;
using Harness.Optimize.Graph;
using Harness.Optimize.Quantization.Calibration;
using Harness.Optimize.Variants;

namespace Harness.Optimize.Quantization.Static;

/// <summary>
/// Decides, node by node in topological order, what the static quantizer does: the placement ORT's
/// QDQ quantizer makes (Q/DQ on the float inputs and output of every supported node, weights and
/// biases as quantized initializers behind DequantizeLinear), so that ORT's graph optimizer
/// recognizes each DQ → op → Q group and replaces it by its int8 kernel. Two deliberate
/// differences: model outputs keep full float precision (decoders downstream compare values that
/// an 8-bit grid would tie), and a Relu/Clip folds into its producer only when saturation at the
/// quantized range does exactly what it did.
/// </summary>
public sealed class QdqPlacement
{
    private readonly ModelGraph graph;
    private readonly StaticQuantizationOptions options;
    private readonly IReadOnlyDictionary<string, TensorRange> ranges;
    private readonly Dictionary<string, TensorElementType> types;
    private readonly Dictionary<string, int> ranks;
    private readonly QdqPlan plan = new();
    private readonly QdqParameters parameters;
    private readonly IntegerRange activationRange;

    private QdqPlacement(ModelGraph graph, StaticQuantizationOptions options, IReadOnlyDictionary<string, TensorRange> ranges)
    {
        this.graph = graph;
        this.options = options;
        this.ranges = ranges;
        types = ValueTypes.Infer(graph);
        ranks = ValueRanks.Infer(graph);
        parameters = new QdqParameters(plan, options);
        activationRange = IntegerRange.For(options.ActivationType, options.ActivationSymmetric, reduceRange: false);
    }

    /// <param name="ranges">Calibrated ranges of the graph's float activations (graph inputs and node outputs).</param>
    public static QdqPlan Plan(ModelGraph graph, StaticQuantizationOptions options, IReadOnlyDictionary<string, TensorRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ranges);
        var placement = new QdqPlacement(graph, options, ranges);
        foreach (var node in graph.Nodes)
        {
            placement.Decide(node);
        }

        return placement.plan;
    }

    private void Decide(NodeProto node)
    {
        var reason = Place(node, out var transformed);
        plan.Decisions.Add(new NodeDecision(node.Name, node.OpType, transformed, reason));
    }

    private string Place(NodeProto node, out bool transformed)
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

        if (!node.Input.Concat(node.Output).Any(IsFloatActivation))
        {
            return "no float32 activations (shape or index arithmetic)";
        }

        if (node.OpType is "Shape" or "Size")
        {
            return "reads only the tensor's shape";
        }

        if (node.OpType == "ConvTranspose")
        {
            // Its tiny weights would only cost a DequantizeLinear per run; the input still arrives dequantized.
            return "ORT's CPU provider has no int8 ConvTranspose, so it stays float";
        }

        if (ModelGraph.NormalizeDomain(node.Domain) != "" || QdqOperatorKinds.Of(node.OpType) is not { } kind)
        {
            return "op not supported by the static quantizer";
        }

        if (!IsFloatActivation(node.Input.FirstOrDefault() ?? string.Empty) && kind != QdqKind.Binary && kind != QdqKind.Variadic)
        {
            return "input is not a float32 activation";
        }

        if (kind == QdqKind.Binary && TryRescale(node) is { } rescaled)
        {
            transformed = true;
            return rescaled;
        }

        var result = kind switch
        {
            QdqKind.Linear => PlaceLinear(node),
            QdqKind.Binary or QdqKind.Variadic => PlaceAllInputs(node),
            QdqKind.Unary => PlaceUnary(node, output: null),
            QdqKind.Softmax => PlaceUnary(node, output: new TensorRange(0, 1)),
            QdqKind.SameScale => PlaceSameScale(node),
            _ => PlaceActivation(node),
        };
        transformed = result.Transformed;
        return result.Reason;
    }

    private (bool Transformed, string Reason) PlaceLinear(NodeProto node)
    {
        var isMatMul = node.OpType == "MatMul";
        if (node.Input.Count < 2)
        {
            return (false, "malformed: missing weight input");
        }

        var weight = node.Input[1];
        var weightIsConstant = graph.Initializer(weight) is { DataType: (int)TensorElementType.Float };
        if (!weightIsConstant && !(isMatMul && IsFloatActivation(weight)))
        {
            return (false, "dynamic weight: input 1 is computed at run time");
        }

        var outputQuantized = HasReaders(node.Output[0]);
        if (!outputQuantized && node.OpType == "Conv")
        {
            return (false, "its output is only a model output, which stays float");
        }

        MarkInput(node.Input[0]);
        WeightUse? weightUse = null;
        if (weightIsConstant)
        {
            weightUse = new WeightUse(node, 1, WeightAxis(node));
            plan.Weights.Add(weightUse);
        }
        else
        {
            MarkInput(weight);
        }

        if (weightUse is not null && BiasInput(node) is { } bias)
        {
            plan.Biases.Add(new BiasUse(node, bias, node.Input[0], weightUse));
        }

        if (outputQuantized)
        {
            MarkOutput(node.Output[0], ParameterSource.Own(Range(node.Output[0])));
        }

        return (true, node.OpType switch
        {
            "Conv" => "int8 (QLinearConv)",
            "Gemm" => "int8 (QGemm)",
            _ when !weightIsConstant => "int8 × int8 activations (QLinearMatMul)",
            _ => outputQuantized ? "int8 (QLinearMatMul)" : "int8 (MatMulIntegerToFloat, float output)",
        });
    }

    private (bool Transformed, string Reason) PlaceAllInputs(NodeProto node)
    {
        var floatInputs = node.Input.Select((name, index) => (name, index)).Where(p => p.name.Length > 0).ToList();
        if (floatInputs.Any(p => !IsFloatActivation(p.name) && graph.Initializer(p.name) is not { DataType: (int)TensorElementType.Float }))
        {
            return (false, "an input is not float32");
        }

        if (floatInputs.All(p => graph.IsInitializer(p.name)))
        {
            return (false, "all inputs are constants (ORT folds it)");
        }

        if (!HasReaders(node.Output[0]))
        {
            return (false, "its output is only a model output, which stays float");
        }

        foreach (var (name, index) in floatInputs)
        {
            if (graph.IsInitializer(name))
            {
                plan.Constants.Add(new ConstantUse(node, index));
            }
            else
            {
                MarkInput(name);
            }
        }

        MarkOutput(node.Output[0], ParameterSource.Own(Range(node.Output[0])));
        return (true, $"int8 (QLinear{node.OpType})");
    }

    /// <summary>
    /// Mul or Add of a quantized tensor by a scalar constant needs no kernel at all: the output is the
    /// input's integers read with the scale multiplied (Mul) or the zero point moved (Add). ORT would
    /// otherwise run a QLinearMul/QLinearAdd pass that requantizes every element; such scalar
    /// affine steps are frequent (learnable affine blocks, the "/ 6" of hard-swish). Not done when a
    /// Relu/Clip follows alone, which folds into a real requantization instead.
    /// </summary>
    private string? TryRescale(NodeProto node)
    {
        if (node.Input.Count != 2 || node.OpType is not ("Mul" or "Add"))
        {
            return null;
        }

        var constantIndex = graph.IsInitializer(node.Input[0]) ? 0 : 1;
        var input = node.Input[1 - constantIndex];
        var output = node.Output[0];
        if (graph.Initializer(node.Input[constantIndex]) is not { DataType: (int)TensorElementType.Float } constant
            || TensorData.ElementCount(constant.Dims) != 1 || !plan.Activations.ContainsKey(input)
            || graph.IsGraphOutput(output) || !HasReaders(output)
            || graph.Consumers(output) is [{ OpType: "Relu" or "Clip" }])
        {
            return null;
        }

        // A one-element constant of higher rank than the input would broadcast the output to its rank.
        if (constant.Dims.Count > 1 && !(ranks.TryGetValue(input, out var rank) && rank >= constant.Dims.Count))
        {
            return null;
        }

        var value = graph.ReadTensor(constant).ToArray<float>()[0];
        var (factor, shift) = node.OpType == "Mul" ? (value, 0f) : (1f, value);
        if (parameters.Rescaled(input, factor, shift) is null)
        {
            return null;
        }

        plan.Activations[output] = ParameterSource.Affine(input, factor, shift);
        plan.Rescales.Add(node);
        return "folded into the int8 parameters (a scalar scale or shift: no kernel runs)";
    }

    private (bool Transformed, string Reason) PlaceUnary(NodeProto node, TensorRange? output)
    {
        if (!HasReaders(node.Output[0]))
        {
            return (false, "its output is only a model output, which stays float");
        }

        MarkInput(node.Input[0]);
        MarkOutput(node.Output[0], ParameterSource.Own(output ?? Range(node.Output[0])));
        return (true, $"int8 (QLinear{node.OpType})");
    }

    private (bool Transformed, string Reason) PlaceSameScale(NodeProto node)
    {
        var data = node.Input[0];
        if (!plan.Activations.ContainsKey(data))
        {
            return (false, "its input stays float, so there is no int8 tensor to move");
        }

        if (node.OpType == "MaxPool" && node.Output.Count > 1 && node.Output[1].Length > 0)
        {
            return (false, "MaxPool indices output is used");
        }

        var outputs = node.Output.Where(o => o.Length > 0).ToList();
        if (!outputs.All(HasReaders))
        {
            return (false, "its output is only a model output, which stays float");
        }

        foreach (var output in outputs)
        {
            MarkOutput(output, ParameterSource.Shared(data));
        }

        return (true, "int8 data movement (Q/DQ around it dropped)");
    }

    private (bool Transformed, string Reason) PlaceActivation(NodeProto node)
    {
        var input = node.Input[0];
        var output = node.Output[0];
        if (!plan.Activations.TryGetValue(input, out var source) || source.SameAs is not null || graph.Producer(input) is null)
        {
            return (false, "its producer's output is not quantized with its own range, so there is nothing to fold into");
        }

        if (graph.Consumers(input).Count != 1 || graph.IsGraphOutput(input))
        {
            return (false, "its input has other readers, which need the values unclipped");
        }

        if (!HasReaders(output))
        {
            return (false, "its output is only a model output, which stays float");
        }

        var parameters = QuantizationMath.ComputeParameters(Range(output).Min, Range(output).Max, activationRange, options.ActivationSymmetric);
        var (low, high) = ClipBounds(node);
        var step = parameters.Scale / 2;
        var representableLow = QuantizationMath.Dequantize(activationRange.Min, parameters);
        var representableHigh = QuantizationMath.Dequantize(activationRange.Max, parameters);
        if (representableLow < low - step || representableHigh > high + step)
        {
            return (false, $"the quantized range [{representableLow:G4}, {representableHigh:G4}] does not saturate at its bounds, so it stays a float op");
        }

        plan.Activations.Remove(input);
        plan.Activations[output] = ParameterSource.Own(Range(output));
        plan.FoldedActivations.Add(node);
        return (true, "folded into its producer's quantized output (saturation clips)");
    }

    private (float Low, float High) ClipBounds(NodeProto node)
    {
        if (node.OpType == "Relu")
        {
            return (0, float.PositiveInfinity);
        }

        float Bound(int index, float fallback) =>
            index < node.Input.Count && node.Input[index].Length > 0 && graph.ReadFloats(node.Input[index]) is [var v] ? v : fallback;
        return (Bound(1, float.NegativeInfinity), Bound(2, float.PositiveInfinity));
    }

    private int? WeightAxis(NodeProto node)
    {
        if (!options.PerChannel)
        {
            return null;
        }

        var rank = graph.Initializer(node.Input[1])!.Dims.Count;
        long Attribute(string name, long fallback) => node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? fallback;
        return node.OpType switch
        {
            "Conv" => 0,
            "MatMul" when rank == 2 => 1,
            "Gemm" => Attribute("transB", 0) == 1 ? 0 : 1,
            _ => null,
        };
    }

    private int? BiasInput(NodeProto node)
    {
        if (node.Input.Count < 3 || node.Input[2].Length == 0 || graph.Initializer(node.Input[2]) is not { DataType: (int)TensorElementType.Float } bias
            || bias.Dims.Count != 1)
        {
            return null;
        }

        float Scalar(string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.F ?? 1f;
        return node.OpType switch
        {
            "Conv" => 2,
            // QGemm adds an int32 C only when Y = A·B + C exactly.
            "Gemm" when Scalar("alpha") == 1f && Scalar("beta") == 1f => 2,
            _ => null,
        };
    }

    private void MarkInput(string tensor)
    {
        if (!plan.Activations.ContainsKey(tensor))
        {
            plan.Activations[tensor] = ParameterSource.Own(Range(tensor));
        }
    }

    private void MarkOutput(string tensor, ParameterSource source) => plan.Activations.TryAdd(tensor, source);

    /// <summary>
    /// True when some node computes with the value. A value whose readers only move it on to model
    /// outputs (a Reshape, say) counts as a model output: quantizing it would only coarsen what the
    /// model returns.
    /// </summary>
    private bool HasReaders(string tensor) => tensor.Length > 0 && graph.Consumers(tensor).Any(reader => ComputesWith(reader));

    private bool ComputesWith(NodeProto reader, int depth = 0) =>
        QdqOperatorKinds.Of(reader.OpType) != QdqKind.SameScale || depth > 16
        || reader.Output.Any(o => o.Length > 0 && graph.Consumers(o).Any(next => ComputesWith(next, depth + 1)));

    private bool IsFloatActivation(string tensor) =>
        tensor.Length > 0 && !graph.IsInitializer(tensor) && types.TryGetValue(tensor, out var type) && type == TensorElementType.Float;

    private TensorRange Range(string tensor) =>
        ranges.TryGetValue(tensor, out var range)
            ? range
            : throw new InvalidOperationException($"Calibration produced no range for '{tensor}'; every float activation is calibrated before placement.");
}
