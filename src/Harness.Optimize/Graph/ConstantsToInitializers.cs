using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Graph;

/// <summary>
/// Turns Constant nodes of the main graph into initializers of the same name. Exporters differ in
/// where they keep weights (paddle2onnx writes every weight as a Constant node), and the passes after
/// this one look weights up as initializers only. ONNX Runtime does the same conversion when it
/// loads a model, so what the model computes does not change.
/// Constants whose value is a string, a sparse tensor or a graph output stay as they are.
/// </summary>
public static class ConstantsToInitializers
{
    /// <summary>Returns how many Constant nodes were converted.</summary>
    public static int Apply(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var converted = 0;
        foreach (var node in graph.Nodes.Where(IsPlainConstant).ToList())
        {
            var output = node.Output[0];
            if (graph.IsGraphOutput(output) || ToTensor(node, output) is not { } tensor)
            {
                continue;
            }

            graph.RemoveNode(node);
            graph.AddInitializer(tensor);
            if (graph.Proto.IrVersion < 4)
            {
                // Before IR 4 every initializer must also be declared as a graph input.
                graph.Graph.Input.Add(new ValueInfoProto
                {
                    Name = output,
                    Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = tensor.DataType } },
                });
            }

            converted++;
        }

        return converted;
    }

    private static bool IsPlainConstant(NodeProto node) =>
        node.OpType == "Constant" && ModelGraph.NormalizeDomain(node.Domain) == "" && node.Output.Count == 1 && node.Attribute.Count == 1;

    private static TensorProto? ToTensor(NodeProto node, string name)
    {
        var attribute = node.Attribute[0];
        TensorProto? tensor = attribute.Name switch
        {
            "value" when attribute.T is not null && attribute.T.DataType != (int)TensorElementType.String => attribute.T.Clone(),
            "value_float" => TensorData.Create<float>(name, [attribute.F], []),
            "value_floats" => TensorData.Create<float>(name, attribute.Floats.ToArray(), [attribute.Floats.Count]),
            "value_int" => TensorData.Create<long>(name, [attribute.I], []),
            "value_ints" => TensorData.Create<long>(name, attribute.Ints.ToArray(), [attribute.Ints.Count]),
            _ => null,
        };
        if (tensor is not null)
        {
            tensor.Name = name;
        }

        return tensor;
    }
}
