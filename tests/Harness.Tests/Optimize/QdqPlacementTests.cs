using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;
using Harness.Optimize.Graph;
using Harness.Optimize.Quantization;
using Harness.Optimize.Quantization.Calibration;
using Harness.Optimize.Quantization.Static;

namespace Harness.Tests.Optimize;

/// <summary>
/// Where the static quantizer puts QuantizeLinear/DequantizeLinear, with which parameters, on small
/// graphs with ranges given by hand (no calibration run): the exact node sequences ORT fuses.
/// </summary>
public sealed class QdqPlacementTests
{
    private static readonly StaticQuantizationOptions PerChannel = new() { PerChannel = true };

    [Fact]
    public void Conv_relu_quantizes_input_weight_bias_and_folds_the_relu()
    {
        var graph = Quantize(OptimizeModels.ConvRelu(), PerChannel, new()
        {
            ["x"] = new(-1f, 1f), ["conv"] = new(-3f, 5f), ["relu"] = new(0f, 5f),
        });

        Assert.Equal(
            ["QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "DequantizeLinear", "Conv", "QuantizeLinear", "DequantizeLinear", "GlobalAveragePool"],
            graph.Nodes.Select(n => n.OpType));
        var conv = graph.Nodes.Single(n => n.OpType == "Conv");
        Assert.Equal("relu", conv.Output[0]); // the Conv writes the folded Relu's output

        // x over [-1, 1] as uint8: scale 2/255, zero point 127.5 → 128 (half to even).
        var (xScale, xZero) = Parameters(graph, Producer(graph, conv.Input[0]));
        Assert.Equal((float)(2.0 / 255), xScale);
        Assert.Equal(128, xZero);

        // The Relu's range [0, 5] quantizes the Conv output: zero point 0, so saturation clips at 0.
        var (yScale, yZero) = Parameters(graph, graph.Nodes.Single(n => n.OpType == "QuantizeLinear" && n.Input[0] == "relu"));
        Assert.Equal((float)(5.0 / 255), yScale);
        Assert.Equal(0, yZero);

        var weightDq = Producer(graph, conv.Input[1]);
        Assert.Equal(0, weightDq.Attribute.Single(a => a.Name == "axis").I);
        Assert.Equal([1f / 127, 0.25f / 127, 2f / 127], Floats(graph, weightDq.Input[1]));
        Assert.Equal([127, -32, 127, 51, -127, 32], graph.ReadTensor(graph.Initializer(weightDq.Input[0])!).ToArray<sbyte>().Select(v => (int)v));

        var biasDq = Producer(graph, conv.Input[2]);
        var biasScales = Floats(graph, biasDq.Input[1]);
        Assert.Equal(new[] { 1f / 127, 0.25f / 127, 2f / 127 }.Select(s => xScale * s), biasScales);
        var expectedBias = OptimizeModels.ConvBias.Select((b, i) => (int)Math.Round(b / (double)biasScales[i], MidpointRounding.ToEven));
        Assert.Equal(expectedBias, graph.ReadTensor(graph.Initializer(biasDq.Input[0])!).ToArray<int>());
        Assert.Equal(TensorElementType.Int32, TensorData.ElementTypeOf(graph.Initializer(biasDq.Input[0])!));
    }

    [Fact]
    public void Per_tensor_weights_have_scalar_scales_and_no_axis()
    {
        var graph = Quantize(OptimizeModels.ConvRelu(), new StaticQuantizationOptions(), new()
        {
            ["x"] = new(-1f, 1f), ["conv"] = new(-3f, 5f), ["relu"] = new(0f, 5f),
        });

        var weightDq = Producer(graph, graph.Nodes.Single(n => n.OpType == "Conv").Input[1]);
        Assert.DoesNotContain(weightDq.Attribute, a => a.Name == "axis");
        Assert.Empty(graph.Initializer(weightDq.Input[1])!.Dims);
        Assert.Equal([2f / 127], Floats(graph, weightDq.Input[1]));
    }

    [Fact]
    public void MatMul_add_quantizes_the_matmul_and_leaves_the_output_add_in_float()
    {
        var graph = Quantize(OptimizeModels.MatMulAdd(), PerChannel, new()
        {
            ["x"] = new(-2f, 2f), ["mm"] = new(-4f, 3f), ["y"] = new(-4f, 3f),
        }, out var plan);

        Assert.Equal(["QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "MatMul", "QuantizeLinear", "DequantizeLinear", "Add"], graph.Nodes.Select(n => n.OpType));
        var weightDq = Producer(graph, graph.Nodes.Single(n => n.OpType == "MatMul").Input[1]);
        Assert.Equal(1, weightDq.Attribute.Single(a => a.Name == "axis").I); // per output column
        Assert.Equal([3L], graph.Initializer(weightDq.Input[1])!.Dims);
        var (mmScale, mmZero) = Parameters(graph, graph.Nodes.Single(n => n.OpType == "QuantizeLinear" && n.Input[0] == "mm"));
        Assert.Equal((float)(7.0 / 255), mmScale);
        Assert.Equal((int)Math.Round(4 / (7.0 / 255), MidpointRounding.ToEven), mmZero);

        var add = plan.Decisions.Single(d => d.OpType == "Add");
        Assert.False(add.Transformed);
        Assert.Contains("model output", add.Reason, StringComparison.Ordinal);
        Assert.True(graph.IsGraphOutput("y"));
        Assert.Equal("Add", graph.Producer("y")!.OpType);
    }

    [Fact]
    public void A_chain_shares_the_clip_range_through_maxpool_and_keeps_the_output_float()
    {
        var graph = Quantize(OptimizeModels.Chain(), PerChannel, new()
        {
            ["x"] = new(-1f, 1f), ["c1"] = new(-2f, 8f), ["a1"] = new(0f, 6f), ["p1"] = new(0f, 6f), ["c2"] = new(-5f, 5f), ["y"] = new(0f, 1f),
        }, out var plan);

        Assert.Equal(
            ["QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "DequantizeLinear", "Conv", "QuantizeLinear", "DequantizeLinear", "MaxPool",
             "QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "Conv", "QuantizeLinear", "DequantizeLinear", "Sigmoid"],
            graph.Nodes.Select(n => n.OpType));
        Assert.DoesNotContain(graph.Nodes, n => n.OpType == "Clip");
        var clipQ = graph.Nodes.Single(n => n.OpType == "QuantizeLinear" && n.Input[0] == "a1");
        var poolQ = graph.Nodes.Single(n => n.OpType == "QuantizeLinear" && n.Input[0] == "p1");
        Assert.Equal(clipQ.Input.Skip(1), poolQ.Input.Skip(1)); // same scale and zero point initializers
        Assert.Equal(((float)(6.0 / 255), 0), Parameters(graph, clipQ));

        Assert.Equal(["Conv", "Clip", "MaxPool", "Conv", "Sigmoid"], plan.Decisions.Select(d => d.OpType));
        Assert.Equal([true, true, true, true, false], plan.Decisions.Select(d => d.Transformed));
    }

    [Fact]
    public void A_scalar_mul_and_add_become_rescaled_parameters_with_no_kernel()
    {
        var graph = Quantize(OptimizeModels.ConvScaleShiftConv(), PerChannel, new()
        {
            // c1's width 255/32 makes the step 1/32, so after × 0.5 the shift 0.25 is exactly 16 steps.
            ["x"] = new(-1f, 1f), ["c1"] = new(-2f, 5.96875f), ["m"] = new(-1f, 3f), ["a"] = new(-0.75f, 3.25f), ["c2"] = new(-4f, 4f), ["y"] = new(0f, 1f),
        }, out var plan);

        Assert.Equal(
            ["QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "DequantizeLinear", "Conv", "QuantizeLinear", "DequantizeLinear",
             "DequantizeLinear", "Conv", "QuantizeLinear", "DequantizeLinear", "Sigmoid"],
            graph.Nodes.Select(n => n.OpType));
        var c1Q = graph.Nodes.Single(n => n.OpType == "QuantizeLinear" && n.Input[0] == "c1");
        var (scale, zero) = Parameters(graph, c1Q);
        Assert.Equal((1f / 32, 64), (scale, zero));

        // The second Conv reads the first one's integers: scale × 0.5, zero point − 0.25 / (scale × 0.5) = 64 − 16.
        var rescaled = graph.Nodes.Single(n => n.OpType == "DequantizeLinear" && n.Input[0] == c1Q.Output[0]);
        Assert.Equal((scale * 0.5f, 48), Parameters(graph, rescaled));
        Assert.Equal(rescaled.Output[0], graph.Nodes.Last(n => n.OpType == "Conv").Input[0]);
        Assert.All(plan.Decisions.Where(d => d.OpType is "Mul" or "Add"), d => Assert.StartsWith("folded into the int8 parameters", d.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_scalar_add_that_is_not_a_whole_number_of_steps_keeps_its_op()
    {
        // c1 [-2, 6]: step 8/255, after × 0.5 the shift 0.25 is 15.94 steps. A zero point rounded to
        // 16 would move every value by 0.06 steps; the Add stays and requantizes instead.
        var graph = Quantize(OptimizeModels.ConvScaleShiftConv(), PerChannel, new()
        {
            ["x"] = new(-1f, 1f), ["c1"] = new(-2f, 6f), ["m"] = new(-1f, 3f), ["a"] = new(-0.75f, 3.25f), ["c2"] = new(-4f, 4f), ["y"] = new(0f, 1f),
        }, out var plan);

        Assert.StartsWith("folded into the int8 parameters", plan.Decisions.Single(d => d.OpType == "Mul").Reason, StringComparison.Ordinal);
        Assert.Equal("int8 (QLinearAdd)", plan.Decisions.Single(d => d.OpType == "Add").Reason);
        var add = graph.Nodes.Single(n => n.OpType == "Add");
        var mIn = Producer(graph, add.Input[0]);
        Assert.Equal("DequantizeLinear", mIn.OpType);

        // m is c1's integers read at half the scale with the same zero point: exactly × 0.5.
        var c1Q = graph.Nodes.Single(n => n.OpType == "QuantizeLinear" && n.Input[0] == "c1");
        Assert.Equal(c1Q.Output[0], mIn.Input[0]);
        Assert.Equal((Parameters(graph, c1Q).Scale * 0.5f, 64), Parameters(graph, mIn));
    }

    [Fact]
    public void A_clip_that_saturation_cannot_reproduce_stays_a_float_op()
    {
        // Clip to [1, 6]: the quantized range must include 0, so it cannot end at 1.
        var model = OptimizeModels.Chain();
        var lo = model.Proto.Graph.Initializer.Single(t => t.Name == "lo");
        lo.RawData = TensorData.Create<float>("lo", [1f], []).RawData;

        var graph = Quantize(model, PerChannel, new()
        {
            ["x"] = new(-1f, 1f), ["c1"] = new(-2f, 8f), ["a1"] = new(1f, 6f), ["p1"] = new(1f, 6f), ["c2"] = new(-5f, 5f), ["y"] = new(0f, 1f),
        }, out var plan);

        Assert.Contains(graph.Nodes, n => n.OpType == "Clip");
        var clip = plan.Decisions.Single(d => d.OpType == "Clip");
        Assert.False(clip.Transformed);
        Assert.Contains("saturate", clip.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Int8_activations_are_symmetric_and_keep_relu_as_a_float_op()
    {
        var graph = Quantize(OptimizeModels.ConvRelu(), new StaticQuantizationOptions { ActivationType = QuantType.Int8 }, new()
        {
            ["x"] = new(-1f, 1f), ["conv"] = new(-3f, 5f), ["relu"] = new(0f, 5f),
        });

        var xQ = graph.Nodes.First(n => n.OpType == "QuantizeLinear");
        Assert.Equal(TensorElementType.Int8, TensorData.ElementTypeOf(graph.Initializer(xQ.Input[2])!));
        Assert.Equal(((float)(2.0 / 254), 0), Parameters(graph, xQ));
        Assert.Contains(graph.Nodes, n => n.OpType == "Relu");
    }

    [Fact]
    public void Excluded_op_types_and_nodes_stay_float_and_say_why()
    {
        var options = new StaticQuantizationOptions { ExcludedOpTypes = ["MaxPool"], ExcludedNodes = ["Conv_3"] };
        var graph = Quantize(OptimizeModels.Chain(), options, new()
        {
            ["x"] = new(-1f, 1f), ["c1"] = new(-2f, 8f), ["a1"] = new(0f, 6f), ["p1"] = new(0f, 6f), ["c2"] = new(-5f, 5f), ["y"] = new(0f, 1f),
        }, out var plan);

        Assert.Equal("excluded by op type", plan.Decisions.Single(d => d.OpType == "MaxPool").Reason);
        Assert.Equal("excluded by node name", plan.Decisions.Single(d => d.Node == "Conv_3").Reason);
        Assert.Single(graph.Nodes, n => n.OpType == "DequantizeLinear" && graph.Initializer(n.Input[0])?.DataType == (int)TensorElementType.Int8);
    }

    private static ModelGraph Quantize(OnnxModel model, StaticQuantizationOptions options, Dictionary<string, TensorRange> ranges) =>
        Quantize(model, options, ranges, out _);

    private static ModelGraph Quantize(OnnxModel model, StaticQuantizationOptions options, Dictionary<string, TensorRange> ranges, out QdqPlan plan)
    {
        var graph = ModelGraph.From(model);
        plan = QdqPlacement.Plan(graph, options, ranges);
        QdqInsertion.Apply(graph, plan, options);
        return graph;
    }

    private static NodeProto Producer(ModelGraph graph, string value) => graph.Producer(value) ?? throw new InvalidOperationException($"nothing produces {value}");

    private static float[] Floats(ModelGraph graph, string name) => graph.ReadFloats(name)!;

    private static (float Scale, int ZeroPoint) Parameters(ModelGraph graph, NodeProto qOrDq)
    {
        var zero = graph.Initializer(qOrDq.Input[2])!;
        var zeroPoint = TensorData.ElementTypeOf(zero) == TensorElementType.UInt8
            ? (int)graph.ReadTensor(zero).ToArray<byte>()[0]
            : graph.ReadTensor(zero).ToArray<sbyte>()[0];
        return (Floats(graph, qOrDq.Input[1]).Single(), zeroPoint);
    }
}
