using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;
using Harness.Optimize.Graph;

namespace Harness.Tests.Optimize;

/// <summary>The rewriter's base passes: each leaves the model computing what it computed.</summary>
public sealed class GraphRewriteTests
{
    [Fact]
    public void Constant_nodes_become_initializers_and_the_output_is_unchanged()
    {
        var source = new GraphBuilder("constants")
            .Input("x", TensorElementType.Float, 2)
            .Node("Constant", [], ["c"], NodeAttribute.Tensor("value", TensorData.Create<float>("c", [2f, 3f], [2])))
            .Node("Constant", [], ["s"], NodeAttribute.Float("value_float", 0.5f))
            .Node("Mul", ["x", "c"], ["m"])
            .Node("Add", ["m", "s"], ["y"])
            .Output("y", TensorElementType.Float, 2)
            .Build();
        var graph = ModelGraph.From(source);

        Assert.Equal(2, ConstantsToInitializers.Apply(graph));

        Assert.Equal(["Mul", "Add"], graph.Nodes.Select(n => n.OpType));
        Assert.Equal([2f, 3f], graph.ReadFloats("c")!);
        Assert.Equal([0.5f], graph.ReadFloats("s")!);
        Assert.Equal([2.5f, 3.5f], ModelRunner.Run(graph.ToModel(), "x", [1f, 1f], [2]));
        Assert.Equal(4, source.Graph.Node.Count); // the source model is never changed
    }

    [Fact]
    public void Opset_9_upgrades_to_13_with_attributes_moved_to_inputs_and_the_same_outputs()
    {
        var source = new GraphBuilder("opset9")
            .Opset(9)
            .Input("x", TensorElementType.Float, 2, 3, 4)
            .Node("Clip", ["x"], ["c"], NodeAttribute.Float("min", -0.5f), NodeAttribute.Float("max", 0.5f))
            .Node("Slice", ["c"], ["s"], NodeAttribute.Ints("starts", 1), NodeAttribute.Ints("ends", 3), NodeAttribute.Ints("axes", 2))
            .Node("Unsqueeze", ["s"], ["u"], NodeAttribute.Ints("axes", 0))
            .Node("Squeeze", ["u"], ["q"], NodeAttribute.Ints("axes", 0))
            .Node("Softmax", ["q"], ["y"], NodeAttribute.Int("axis", 1))
            .Output("y", TensorElementType.Float, 2, 3, 2)
            .Build();
        var graph = ModelGraph.From(source);

        Assert.True(OpsetUpgrade.Apply(graph, 13));

        Assert.Equal(13, graph.OpsetVersion());
        Assert.Empty(graph.Nodes.Single(n => n.OpType == "Clip").Attribute);
        Assert.Equal(3, graph.Nodes.Single(n => n.OpType == "Clip").Input.Count);
        Assert.Equal(4, graph.Nodes.Single(n => n.OpType == "Slice").Input.Count);
        // Opset 9 Softmax at axis 1 of a rank-3 tensor normalizes over the flattened last two axes.
        Assert.Equal(["Clip", "Slice", "Unsqueeze", "Squeeze", "Flatten", "Softmax", "Shape", "Reshape"], graph.Nodes.Select(n => n.OpType));
        var x = OptimizeModels.Uniform(24, seed: 3).Select(v => v * 2).ToArray();
        Assert.Equal(ModelRunner.Run(source, "x", x, [2, 3, 4]), ModelRunner.Run(graph.ToModel(), "x", x, [2, 3, 4]));
    }

    [Fact]
    public void A_softmax_over_the_last_axis_keeps_its_single_node()
    {
        var graph = ModelGraph.From(new GraphBuilder("softmax")
            .Opset(11)
            .Input("x", TensorElementType.Float, 2, 5)
            .Node("Softmax", ["x"], ["y"])
            .Output("y", TensorElementType.Float, 2, 5)
            .Build());

        OpsetUpgrade.Apply(graph, 13);

        var softmax = Assert.Single(graph.Nodes);
        Assert.Equal(-1, softmax.Attribute.Single().I);
    }

    [Fact]
    public void An_op_the_upgrade_cannot_carry_over_is_named()
    {
        var graph = ModelGraph.From(new GraphBuilder("upsample")
            .Opset(9)
            .Input("x", TensorElementType.Float, 1, 1, 2, 2)
            .Initializer("scales", new[] { 1f, 1f, 2f, 2f }, 4)
            .Node("Upsample", ["x", "scales"], ["y"])
            .Output("y", TensorElementType.Float, 1, 1, 4, 4)
            .Build());

        var error = Assert.Throws<ModelRewriteException>(() => OpsetUpgrade.Apply(graph, 13));

        Assert.Contains("Upsample node 'Upsample_0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_norm_and_a_channel_scale_fold_into_the_conv()
    {
        var source = new GraphBuilder("conv_bn")
            .Input("x", TensorElementType.Float, 1, 2, 3, 3)
            .Initializer("W", OptimizeModels.Uniform(3 * 2 * 2 * 2, seed: 4), 3, 2, 2, 2)
            .Initializer("gamma", new[] { 1.5f, 0.5f, -1f }, 3)
            .Initializer("beta", new[] { 0.1f, 0.2f, 0.3f }, 3)
            .Initializer("mean", new[] { 0.05f, -0.1f, 0f }, 3)
            .Initializer("var", new[] { 0.5f, 2f, 1e6f }, 3)
            .Initializer("k", new[] { 2f, 3f, 4f }, 3, 1, 1)
            .Node("Conv", ["x", "W"], ["c"])
            .Node("BatchNormalization", ["c", "gamma", "beta", "mean", "var"], ["b"])
            .Node("Mul", ["b", "k"], ["y"])
            .Output("y", TensorElementType.Float, 1, 3, 2, 2)
            .Build();
        var graph = ModelGraph.From(source);

        Assert.Equal(2, ConvFolding.Apply(graph));

        var conv = Assert.Single(graph.Nodes);
        Assert.Equal("y", conv.Output[0]);
        Assert.Equal(3, conv.Input.Count);
        var x = OptimizeModels.Uniform(18, seed: 5);
        var expected = ModelRunner.Run(source, "x", x, [1, 2, 3, 3]);
        Assert.InRange(ModelRunner.MaxAbsDifference(expected, ModelRunner.Run(graph.ToModel(), "x", x, [1, 2, 3, 3])), 0, 1e-5f);
    }

    [Fact]
    public void Batch_norm_and_a_bias_fold_into_a_single_group_conv_transpose()
    {
        var source = new GraphBuilder("deconv_bn")
            .Input("x", TensorElementType.Float, 1, 2, 3, 3)
            .Initializer("W", OptimizeModels.Uniform(2 * 3 * 2 * 2, seed: 6), 2, 3, 2, 2)
            .Initializer("c", new[] { 0.5f, -0.25f, 1f }, 1, 3, 1, 1)
            .Initializer("gamma", new[] { 1.5f, 0.5f, -1f }, 3)
            .Initializer("beta", new[] { 0.1f, 0.2f, 0.3f }, 3)
            .Initializer("mean", new[] { 0.05f, -0.1f, 0f }, 3)
            .Initializer("var", new[] { 0.5f, 2f, 1e8f }, 3)
            .Node("ConvTranspose", ["x", "W"], ["t"], NodeAttribute.Ints("strides", 2, 2))
            .Node("Add", ["t", "c"], ["a"])
            .Node("BatchNormalization", ["a", "gamma", "beta", "mean", "var"], ["y"])
            .Output("y", TensorElementType.Float, 1, 3, 6, 6)
            .Build();
        var graph = ModelGraph.From(source);

        Assert.Equal(2, ConvFolding.Apply(graph));

        Assert.Equal("ConvTranspose", Assert.Single(graph.Nodes).OpType);
        var x = OptimizeModels.Uniform(18, seed: 7);
        var expected = ModelRunner.Run(source, "x", x, [1, 2, 3, 3]);
        Assert.InRange(ModelRunner.MaxAbsDifference(expected, ModelRunner.Run(graph.ToModel(), "x", x, [1, 2, 3, 3])), 0, 1e-5f);
    }

    [Fact]
    public void Topological_sort_orders_shuffled_nodes_and_keeps_ordered_ones()
    {
        var source = new GraphBuilder("shuffled")
            .Input("x", TensorElementType.Float, 2)
            .Node("Relu", ["b"], ["y"])
            .Node("Neg", ["a"], ["b"])
            .Node("Abs", ["x"], ["a"])
            .Output("y", TensorElementType.Float, 2)
            .Build();
        var graph = ModelGraph.From(source);

        graph.SortTopologically();
        var once = graph.Nodes.Select(n => n.OpType).ToList();
        graph.SortTopologically();

        Assert.Equal(["Abs", "Neg", "Relu"], once);
        Assert.Equal(once, graph.Nodes.Select(n => n.OpType));
    }

    [Fact]
    public void Unique_names_never_repeat_and_unnamed_nodes_get_names()
    {
        var node = new NodeProto { OpType = "Relu" };
        node.Input.Add("x");
        node.Output.Add("x_1");
        var graph = ModelGraph.From(new GraphBuilder("names")
            .Input("x", TensorElementType.Float, 2)
            .Node(node)
            .Output("x_1", TensorElementType.Float, 2)
            .Build());

        Assert.Equal("Relu_0", graph.Nodes[0].Name);
        Assert.Equal("x_2", graph.UniqueName("x"));
        Assert.Equal("x_3", graph.UniqueName("x"));
        Assert.Equal("fresh", graph.UniqueName("fresh"));
    }

    [Fact]
    public void Element_types_are_inferred_through_casts_and_shape_ops()
    {
        var graph = ModelGraph.From(new GraphBuilder("types")
            .Input("x", TensorElementType.Float, 2, 3)
            .Node("Shape", ["x"], ["s"])
            .Node("Cast", ["s"], ["f"], NodeAttribute.Int("to", (int)TensorElementType.Float))
            .Node("Equal", ["f", "f"], ["e"])
            .Node("Relu", ["x"], ["r"])
            .Output("r", TensorElementType.Float, 2, 3)
            .Build());

        var types = ValueTypes.Infer(graph);

        Assert.Equal(TensorElementType.Int64, types["s"]);
        Assert.Equal(TensorElementType.Float, types["f"]);
        Assert.Equal(TensorElementType.Bool, types["e"]);
        Assert.Equal(TensorElementType.Float, types["r"]);
    }
}
