using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;
using Harness.Optimize.Precision;

namespace Harness.Tests.Optimize;

public sealed class Float16ConverterTests
{
    [Fact]
    public void Initializers_inputs_and_outputs_become_float16()
    {
        var result = new Float16Converter(new Float16Options()).Apply(OptimizeModels.Chain());
        var graph = result.Model.Graph;

        Assert.All(graph.Initializer.Where(t => t.Dims.Count > 1), t => Assert.Equal((int)TensorElementType.Float16, t.DataType));
        Assert.Equal((int)TensorElementType.Float16, graph.Input.Single().Type.TensorType.ElemType);
        Assert.Equal((int)TensorElementType.Float16, graph.Output.Single().Type.TensorType.ElemType);
        Assert.DoesNotContain(graph.Node, n => n.OpType == "Cast");
        Assert.All(result.Report.Nodes, n => Assert.True(n.Transformed, n.Node));
    }

    [Fact]
    public void Keep_io_types_puts_casts_at_the_boundary_and_runs_close_to_float()
    {
        var source = OptimizeModels.Chain();
        var result = new Float16Converter(new Float16Options { KeepIoTypes = true }).Apply(source);
        var graph = result.Model.Graph;

        Assert.Equal((int)TensorElementType.Float, graph.Input.Single().Type.TensorType.ElemType);
        Assert.Equal((int)TensorElementType.Float, graph.Output.Single().Type.TensorType.ElemType);
        var casts = graph.Node.Where(n => n.OpType == "Cast").ToList();
        Assert.Equal(2, casts.Count);
        Assert.Contains(casts, c => c.Input[0] == "x" && c.Attribute.Single().I == (int)TensorElementType.Float16);
        Assert.Contains(casts, c => c.Output[0] == "y" && c.Attribute.Single().I == (int)TensorElementType.Float);

        var x = OptimizeModels.Uniform(128, seed: 9);
        var expected = ModelRunner.Run(source, "x", x, [1, 2, 8, 8]);
        var actual = ModelRunner.Run(result.Model, "x", x, [1, 2, 8, 8]);
        Assert.InRange(ModelRunner.MaxAbsDifference(expected, actual), 0, 2e-3f);
    }

    [Fact]
    public void Blocked_ops_stay_float32_behind_casts()
    {
        var source = new GraphBuilder("resize")
            .Input("x", TensorElementType.Float, 1, 1, 2, 2)
            .Initializer("scales", new[] { 1f, 1f, 2f, 2f }, 4)
            .Initializer("k", new[] { 0.5f })
            .Node("Mul", ["x", "k"], ["m"])
            .Node("Resize", ["m", "", "scales"], ["r"])
            .Node("Relu", ["r"], ["y"])
            .Output("y", TensorElementType.Float, 1, 1, 4, 4)
            .Build();

        var result = new Float16Converter(new Float16Options { KeepIoTypes = true }).Apply(source);
        var graph = result.Model.Graph;

        var resize = graph.Node.Single(n => n.OpType == "Resize");
        Assert.Equal("Cast", graph.Node.Single(n => n.Output.Contains(resize.Input[0])).OpType);
        Assert.Equal("scales", resize.Input[2]); // float32 by its signature
        var relu = graph.Node.Single(n => n.OpType == "Relu");
        Assert.Equal("Cast", graph.Node.Single(n => n.Output.Contains(relu.Input[0])).OpType);
        Assert.Equal("op is on the float16 block list", result.Report.Nodes.Single(n => n.OpType == "Resize").Reason);

        float[] x = [1f, 2f, 3f, 4f];
        Assert.Equal(ModelRunner.Run(source, "x", x, [1, 1, 2, 2]), ModelRunner.Run(result.Model, "x", x, [1, 1, 2, 2]));
    }

    [Fact]
    public void Constants_are_clamped_into_the_float16_range()
    {
        var source = new GraphBuilder("clamp")
            .Input("x", TensorElementType.Float, 4)
            .Initializer("c", new[] { 1e5f, -1e5f, 1e-9f, 0f }, 4)
            .Node("Mul", ["x", "c"], ["y"])
            .Output("y", TensorElementType.Float, 4)
            .Build();

        var result = new Float16Converter(new Float16Options()).Apply(source);

        var constant = result.Model.Graph.Initializer.Single();
        Assert.Equal([(Half)1e4f, (Half)(-1e4f), (Half)1e-7f, (Half)0f], TensorData.ToArray<Half>(constant));
        Assert.Contains(result.Report.Notes, n => n.Contains("clamped 3 constant values", StringComparison.Ordinal));
        Assert.Contains(result.Report.Notes, n => n.StartsWith("warning: initializer 'c'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(5e-8f, 1e-7f)]
    [InlineData(-5e-8f, -1e-7f)]
    [InlineData(2e4f, 1e4f)]
    [InlineData(-2e4f, -1e4f)]
    [InlineData(0f, 0f)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(3f, 3f)]
    public void The_clamp_is_onnxconverter_commons(float value, float expected) =>
        Assert.Equal(expected, Float16Values.Clamp(value, 1e-7f, 1e4f));

    [Fact]
    public void Cast_to_float_becomes_cast_to_float16_inside_converted_compute()
    {
        var source = new GraphBuilder("cast")
            .Input("i", TensorElementType.Int64, 3)
            .Node("Cast", ["i"], ["f"], NodeAttribute.Int("to", (int)TensorElementType.Float))
            .Node("Sigmoid", ["f"], ["y"])
            .Output("y", TensorElementType.Float, 3)
            .Build();

        var result = new Float16Converter(new Float16Options()).Apply(source);

        var cast = result.Model.Graph.Node.Single(n => n.OpType == "Cast");
        Assert.Equal((int)TensorElementType.Float16, cast.Attribute.Single(a => a.Name == "to").I);
        using var session = ModelRunner.Open(result.Model);
        Assert.Equal(TensorElementType.Float16, session.Outputs.Single().ElementType);
    }

    [Fact]
    public void The_real_detector_converts_and_keeps_its_outputs_close()
    {
        var source = OnnxModel.Load(TestAssets.Detector);
        var result = new Float16Converter(new Float16Options { KeepIoTypes = true }).Apply(source);

        // Its batch norm after the transposed convolution has variances near 1e8; folded, nothing large is clamped.
        Assert.DoesNotContain(result.Report.Notes, n => n.StartsWith("warning", StringComparison.Ordinal));
        var x = OptimizeModels.Uniform(3 * 64 * 64, seed: 10);
        var expected = ModelRunner.Run(source, "x", x, [1, 3, 64, 64]);
        var actual = ModelRunner.Run(result.Model, "x", x, [1, 3, 64, 64]);
        Assert.InRange(ModelRunner.MaxAbsDifference(expected, actual), 0, 0.05f);
        Assert.All(result.Model.Graph.Node.Where(n => n.OpType == "Resize"), r => Assert.StartsWith("Cast", ProducerOp(result.Model.Graph, r.Input[0]), StringComparison.Ordinal));
    }

    private static string ProducerOp(GraphProto graph, string value) => graph.Node.Single(n => n.Output.Contains(value)).OpType;
}
