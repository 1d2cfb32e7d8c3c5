using System.Text.Json;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Tests.Model;

public sealed class ModelInspectorTests
{
    private static readonly ModelSummary Classifier = ModelInspector.Inspect(TestAssets.Classifier);

    [Fact]
    public void Classifier_imports_the_default_opset_9()
    {
        Assert.Equal([new OpsetImport("ai.onnx", 9)], Classifier.Opsets);
        Assert.Equal(8, Classifier.IrVersion);
        Assert.Equal(new FileInfo(TestAssets.Classifier).Length, Classifier.FileBytes);
    }

    [Fact]
    public void Classifier_takes_x_float32_with_symbolic_batch_and_3_channels()
    {
        var input = Assert.Single(Classifier.Inputs);

        Assert.Equal("x", input.Name);
        Assert.Equal("float32", input.ElementType);
        Assert.NotNull(input.Shape);
        Assert.Equal(4, input.Shape.Count);
        Assert.False(input.Shape[0].IsKnown);
        Assert.NotNull(input.Shape[0].Symbol);
        Assert.Equal(3, input.Shape[1].Value);
    }

    [Fact]
    public void Classifier_returns_two_class_probabilities_per_image()
    {
        var output = Assert.Single(Classifier.Outputs);

        Assert.Equal("float32", output.ElementType);
        Assert.Equal(2, output.Shape![1].Value);
        Assert.False(output.Shape[0].IsKnown);
    }

    [Fact]
    public void Parameter_count_is_every_stored_value_of_the_main_graph()
    {
        // Counted from the bytes actually stored, not from dims: PaddleOCR keeps weights in Constant nodes.
        var model = OnnxModel.Load(TestAssets.Classifier);
        var stored = model.Graph.Initializer
            .Concat(model.Graph.Node.Where(n => n.OpType == "Constant").SelectMany(n => n.Attribute).Where(a => a.T is not null).Select(a => a.T))
            .Select(model.ReadTensor)
            .ToList();

        Assert.True(Classifier.ParameterCount > 100_000);
        Assert.Equal(stored.Sum(t => t.Data.Length / t.ElementType.SizeInBytes()), Classifier.ParameterCount);
        Assert.Equal(stored.Sum(t => (long)t.Data.Length), Classifier.ParameterBytes);
    }

    [Fact]
    public void Nodes_parameters_and_ops_inside_If_branches_are_counted()
    {
        var thenBranch = new GraphBuilder("then")
            .Output("y_then", TensorElementType.Float, Dimension.FromInt64(2))
            .Initializer("w", new[] { 1f, 2f }, 2)
            .Node("Add", ["x", "w"], ["y_then"])
            .BuildProto().Graph;
        var elseBranch = new GraphBuilder("else")
            .Output("y_else", TensorElementType.Float, Dimension.FromInt64(2))
            .Node("Neg", ["x"], ["y_else"])
            .BuildProto().Graph;
        var model = new GraphBuilder("branchy")
            .Input("cond", TensorElementType.Bool)
            .Input("x", TensorElementType.Float, Dimension.FromInt64(2))
            .Output("y", TensorElementType.Float, Dimension.FromInt64(2))
            .Node("If", ["cond"], ["y"], Graph("then_branch", thenBranch), Graph("else_branch", elseBranch))
            .Build();

        var summary = ModelInspector.Summarize(model, 0, "branchy.onnx");

        Assert.Equal(3, summary.NodeCount);
        Assert.Equal(2, summary.SubgraphCount);
        Assert.Equal(2, summary.ParameterCount);
        Assert.Equal(["Add", "If", "Neg"], summary.OpTypes.Select(o => o.OpType).Order(StringComparer.Ordinal));
        Assert.Equal(0, Classifier.SubgraphCount);
    }

    private static AttributeProto Graph(string name, GraphProto graph) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = graph };

    [Fact]
    public void Op_histogram_counts_nodes_most_frequent_first()
    {
        var nodes = OnnxModel.Load(TestAssets.Classifier).Graph.Node;

        Assert.Contains(new OpTypeCount("Conv", nodes.Count(n => n.OpType == "Conv")), Classifier.OpTypes);
        Assert.Equal(nodes.Count, Classifier.NodeCount);
        Assert.Equal(nodes.Count, Classifier.OpTypes.Sum(o => o.Count));
        Assert.Equal(Classifier.OpTypes.OrderByDescending(o => o.Count).ThenBy(o => o.OpType, StringComparer.Ordinal), Classifier.OpTypes);
    }

    [Fact]
    public void A_built_model_counts_its_initializers_and_breaks_ties_by_name()
    {
        var summary = ModelInspector.Summarize(TinyModels.MatMulAdd(), 0, "matmul_add");

        Assert.Equal(20, summary.ParameterCount);
        Assert.Equal(80, summary.ParameterBytes);
        Assert.Equal([new OpTypeCount("Add", 1), new OpTypeCount("MatMul", 1)], summary.OpTypes);
        Assert.Equal(["batch", "4"], summary.Inputs[0].Shape!.Select(d => d.ToString()));
    }

    [Fact]
    public void Initializers_listed_as_graph_inputs_are_not_reported_as_inputs()
    {
        var model = TinyModels.MatMulAdd();
        model.Graph.Input.Add(new ValueInfoProto { Name = "w" }); // how models before IR 4 list their weights

        var summary = ModelInspector.Summarize(model, 0, "old-style");

        Assert.Equal(["x"], summary.Inputs.Select(i => i.Name));
    }

    [Fact]
    public void Json_is_camel_case_in_a_stable_order_with_the_summary_fields()
    {
        using var json = JsonDocument.Parse(Classifier.ToJson());
        var root = json.RootElement;

        Assert.Equal(
            ["path", "fileBytes", "irVersion", "producerName", "producerVersion", "opsets", "inputs", "outputs", "parameterCount", "parameterBytes", "nodeCount", "opTypes", "subgraphCount"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ai.onnx", root.GetProperty("opsets")[0].GetProperty("domain").GetString());
        var shape = root.GetProperty("inputs")[0].GetProperty("shape");
        Assert.Equal(JsonValueKind.String, shape[0].ValueKind);
        Assert.Equal(3, shape[1].GetInt64());
        Assert.Equal(Classifier.ParameterCount, root.GetProperty("parameterCount").GetInt64());
        Assert.Contains(root.GetProperty("opTypes").EnumerateArray(), o => o.GetProperty("opType").GetString() == "Conv");
    }
}
