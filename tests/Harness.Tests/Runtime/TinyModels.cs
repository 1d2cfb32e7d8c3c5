using Google.Protobuf;
using Harness.Onnx.Model.Proto;

namespace Harness.Tests.Runtime;

/// <summary>Hand-built ONNX models for the cases the PaddleOCR models do not cover.</summary>
internal static class TinyModels
{
    /// <summary>sum = a + b, product = a * b; float [batch, 2].</summary>
    public static byte[] AddAndMul()
    {
        var graph = new GraphProto { Name = "add_and_mul" };
        graph.Node.Add(Node("Add", ["a", "b"], ["sum"]));
        graph.Node.Add(Node("Mul", ["a", "b"], ["product"]));
        foreach (var name in new[] { "a", "b" })
        {
            graph.Input.Add(Tensor(name, 1, Named("batch"), Fixed(2)));
        }

        graph.Output.Add(Tensor("sum", 1, Named("batch"), Fixed(2)));
        graph.Output.Add(Tensor("product", 1, Named("batch"), Fixed(2)));
        return Serialize(graph);
    }

    /// <summary>y = Identity(x) with x float [batch, 3, (unnamed dynamic)].</summary>
    public static byte[] IdentityWithUnnamedDimension()
    {
        var graph = new GraphProto { Name = "identity" };
        graph.Node.Add(Node("Identity", ["x"], ["y"]));
        graph.Input.Add(Tensor("x", 1, Named("batch"), Fixed(3), new TensorShapeProto.Types.Dimension()));
        graph.Output.Add(Tensor("y", 1, Named("batch"), Fixed(3), new TensorShapeProto.Types.Dimension()));
        return Serialize(graph);
    }

    /// <summary>n = SequenceLength(s) with s a sequence of float tensors: a non-tensor input.</summary>
    public static byte[] SequenceLength()
    {
        var graph = new GraphProto { Name = "sequence_length" };
        graph.Node.Add(Node("SequenceLength", ["s"], ["n"]));
        graph.Input.Add(new ValueInfoProto
        {
            Name = "s",
            Type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = TensorType(1) } },
        });
        graph.Output.Add(Tensor("n", 7));
        return Serialize(graph);
    }

    private static NodeProto Node(string opType, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = opType, Name = opType + "_0" };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        return node;
    }

    private static TensorShapeProto.Types.Dimension Named(string name) => new() { DimParam = name };

    private static TensorShapeProto.Types.Dimension Fixed(long size) => new() { DimValue = size };

    private static TypeProto TensorType(int elementType, params TensorShapeProto.Types.Dimension[] dims)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = elementType, Shape = new TensorShapeProto() };
        tensor.Shape.Dim.Add(dims);
        return new TypeProto { TensorType = tensor };
    }

    private static ValueInfoProto Tensor(string name, int elementType, params TensorShapeProto.Types.Dimension[] dims) =>
        new() { Name = name, Type = TensorType(elementType, dims) };

    private static byte[] Serialize(GraphProto graph)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "harness-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model.ToByteArray();
    }
}
