using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Model;

/// <summary>
/// Builds small models in code: tests make the exact graph they need (an Add, a MatMul+Add), and
/// graph rewrites add nodes without hand-assembling protobuf. Calls chain:
/// <code>
/// new GraphBuilder("add")
///     .Input("a", TensorElementType.Float, "batch", 3)
///     .Input("b", TensorElementType.Float, "batch", 3)
///     .Node("Add", ["a", "b"], ["sum"])
///     .Output("sum", TensorElementType.Float, "batch", 3)
///     .Build();
/// </code>
/// </summary>
public sealed class GraphBuilder
{
    /// <summary>Opset 17 with IR version 8: a pair every ONNX Runtime since 1.13 runs, with the ops tests use.</summary>
    public const long DefaultOpset = 17;

    public const long DefaultIrVersion = 8;

    private readonly GraphProto graph;
    private readonly List<OperatorSetIdProto> opsets = [];
    private long irVersion = DefaultIrVersion;

    public GraphBuilder(string graphName = "graph")
    {
        ArgumentNullException.ThrowIfNull(graphName);
        graph = new GraphProto { Name = graphName };
    }

    public GraphBuilder IrVersion(long version)
    {
        irVersion = version;
        return this;
    }

    /// <summary>Imports an operator set; "" is the default ONNX domain. Without any, the default domain at <see cref="DefaultOpset"/> is imported.</summary>
    public GraphBuilder Opset(long version, string domain = "")
    {
        opsets.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        return this;
    }

    public GraphBuilder Input(string name, TensorElementType type, params Dimension[] shape)
    {
        graph.Input.Add(ValueInfo(name, type, shape));
        return this;
    }

    public GraphBuilder Output(string name, TensorElementType type, params Dimension[] shape)
    {
        graph.Output.Add(ValueInfo(name, type, shape));
        return this;
    }

    public GraphBuilder Initializer(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        graph.Initializer.Add(tensor);
        return this;
    }

    public GraphBuilder Initializer<T>(string name, T[] values, params long[] dims)
        where T : unmanaged => Initializer(TensorData.Create<T>(name, values, dims));

    /// <summary>Adds a node named after its op type and position, e.g. "Add_0".</summary>
    public GraphBuilder Node(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params AttributeProto[] attributes)
    {
        ArgumentNullException.ThrowIfNull(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{graph.Node.Count}" };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        return Node(node);
    }

    /// <summary>Adds a node as given, for domains, names or doc strings the short form does not cover.</summary>
    public GraphBuilder Node(NodeProto node)
    {
        ArgumentNullException.ThrowIfNull(node);
        graph.Node.Add(node);
        return this;
    }

    /// <summary>The model so far; the builder can go on and build again.</summary>
    public ModelProto BuildProto()
    {
        var model = new ModelProto
        {
            IrVersion = irVersion,
            ProducerName = "harness",
            Graph = graph.Clone(),
        };
        model.OpsetImport.Add(opsets.Count > 0 ? opsets.Select(o => o.Clone()) : [new OperatorSetIdProto { Domain = "", Version = DefaultOpset }]);
        return model;
    }

    public OnnxModel Build() => OnnxModel.FromProto(BuildProto(), $"(built in code: {graph.Name})");

    private static ValueInfoProto ValueInfo(string name, TensorElementType type, Dimension[] shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
        tensorType.Shape.Dim.Add(shape.Select(d => d.ToProto()));
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
