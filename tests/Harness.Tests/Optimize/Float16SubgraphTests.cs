using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;
using Harness.Onnx.Runtime;
using Harness.Optimize.Graph;
using Harness.Optimize.Precision;
using Harness.Optimize.Variants;

namespace Harness.Tests.Optimize;

/// <summary>
/// float16 around nodes with subgraphs, which stay float32: their bodies read converted values of
/// the enclosing graph by name, and ORT refuses mixed types unless those reach them as float32.
/// </summary>
public sealed class Float16SubgraphTests
{
    [Fact]
    public void An_If_body_reading_a_converted_value_gets_it_as_float32_and_the_variant_computes_the_same()
    {
        var source = BranchyModel();

        var result = new Float16Converter(new Float16Options { KeepIoTypes = true }).Apply(source);

        var thenBranch = result.Model.Graph.Node.Single(n => n.OpType == "If").Attribute.Single(a => a.Name == "then_branch").G;
        var read = thenBranch.Node.Single().Input[0];
        Assert.NotEqual("r", read);
        Assert.Equal("Cast", result.Model.Graph.Node.Single(n => n.Output.Contains(read)).OpType);
        foreach (var condition in new[] { true, false })
        {
            var expected = Run(source, condition);
            var actual = Run(result.Model, condition);
            Assert.InRange(ModelRunner.MaxAbsDifference(expected, actual), 0, 1e-2f);
        }
    }

    [Fact]
    public void A_variant_ORT_refuses_names_the_node_and_an_exclusion_checked_to_work()
    {
        var source = BranchyModel();
        var transform = new BreaksNode("Relu_0", new Float16Converter(new Float16Options()));
        var scratch = Directory.CreateTempSubdirectory("harness-refused-");
        try
        {
            var path = Path.Combine(scratch.FullName, "variant.onnx");
            transform.Apply(source).Model.Save(path);

            var error = Assert.Throws<ModelRewriteException>(() => VariantVerifier.EnsureLoads(path, "the fp16 variant", transform, source));

            Assert.Contains("refuses the fp16 variant", error.Message, StringComparison.Ordinal);
            Assert.Contains("Leaving node 'Relu_0' as it is works (checked", error.Message, StringComparison.Ordinal);
            Assert.Contains("--exclude-node Relu_0", error.Message, StringComparison.Ordinal);
            Assert.Contains("exclude_nodes: [Relu_0]", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>x → Relu → r; If(cond) then r + w else −r, both bodies reading r from outside.</summary>
    private static OnnxModel BranchyModel()
    {
        var thenBranch = new GraphBuilder("then")
            .Output("y_then", TensorElementType.Float, Dimension.FromInt64(4))
            .Initializer("w", new[] { 1f, 2f, 3f, 4f }, 4)
            .Node("Add", ["r", "w"], ["y_then"])
            .BuildProto().Graph;
        var elseBranch = new GraphBuilder("else")
            .Output("y_else", TensorElementType.Float, Dimension.FromInt64(4))
            .Node("Neg", ["r"], ["y_else"])
            .BuildProto().Graph;
        return new GraphBuilder("branchy")
            .Input("cond", TensorElementType.Bool)
            .Input("x", TensorElementType.Float, Dimension.FromInt64(4))
            .Output("y", TensorElementType.Float, Dimension.FromInt64(4))
            .Node("Relu", ["x"], ["r"])
            .Node("If", ["cond"], ["y"], Graph("then_branch", thenBranch), Graph("else_branch", elseBranch))
            .Build();
    }

    private static AttributeProto Graph(string name, GraphProto graph) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = graph };

    private static float[] Run(OnnxModel model, bool condition)
    {
        using var session = ModelRunner.Open(model);
        using var cond = OrtValue.CreateTensor(new[] { condition }, []);
        using var x = OrtValue.CreateTensor(new[] { -1f, 0.5f, 2f, -3f }, [4]);
        var outputs = session.Run(["cond", "x"], [cond, x], ["y"]);
        using var y = outputs[0];
        return y.GetSpan<float>().ToArray();
    }

    /// <summary>
    /// A transform that writes a graph ORT refuses at one node (that node's output declared int64
    /// while it computes float) unless the node is excluded: ORT's real refusal, for the message's sake.
    /// </summary>
    private sealed class BreaksNode(string node, IVariantTransform inner, IReadOnlyCollection<string>? excluded = null) : IVariantTransform
    {
        public string Kind => inner.Kind;

        public int Version => inner.Version;

        public string Spec => inner.Spec;

        public VariantResult Apply(OnnxModel source)
        {
            var result = inner.Apply(source);
            if (excluded?.Contains(node) != true)
            {
                var broken = result.Model.Graph.Node.Single(n => n.Name == node);
                var cast = new NodeProto { OpType = "Cast", Name = "break", Input = { broken.Input[0] }, Output = { "broken_input" } };
                cast.Attribute.Add(NodeAttribute.Int("to", (int)TensorElementType.Int64));
                broken.Input[0] = "broken_input";
                result.Model.Graph.Node.Insert(0, cast);
            }

            return result;
        }

        public IVariantTransform? ForSubgraphs => null;

        public IVariantTransform ExcludingNodes(IReadOnlyCollection<string> nodes) =>
            new BreaksNode(node, inner.ExcludingNodes(nodes), [.. excluded ?? [], .. nodes]);
    }
}
