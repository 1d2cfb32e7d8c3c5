using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Model;

/// <summary>
/// Every tensor a graph stores: initializers, sparse initializers' parts, and tensors held in node
/// attributes (Constant values), including those of subgraphs (If/Loop/Scan bodies). External data
/// can sit on any of them, so loading and saving must visit them all.
/// </summary>
internal static class GraphTensors
{
    public static IEnumerable<TensorProto> All(GraphProto? graph)
    {
        if (graph is null)
        {
            yield break;
        }

        foreach (var tensor in graph.Initializer)
        {
            yield return tensor;
        }

        foreach (var sparse in graph.SparseInitializer)
        {
            foreach (var part in Parts(sparse))
            {
                yield return part;
            }
        }

        foreach (var node in graph.Node)
        {
            foreach (var attribute in node.Attribute)
            {
                foreach (var tensor in InAttribute(attribute))
                {
                    yield return tensor;
                }
            }
        }
    }

    private static IEnumerable<TensorProto> InAttribute(AttributeProto attribute)
    {
        if (attribute.T is { } single)
        {
            yield return single;
        }

        foreach (var tensor in attribute.Tensors)
        {
            yield return tensor;
        }

        foreach (var part in Parts(attribute.SparseTensor).Concat(attribute.SparseTensors.SelectMany(Parts)))
        {
            yield return part;
        }

        foreach (var subgraph in attribute.Graphs.Prepend(attribute.G))
        {
            foreach (var tensor in All(subgraph))
            {
                yield return tensor;
            }
        }
    }

    private static IEnumerable<TensorProto> Parts(SparseTensorProto? sparse)
    {
        if (sparse?.Values is { } values)
        {
            yield return values;
        }

        if (sparse?.Indices is { } indices)
        {
            yield return indices;
        }
    }
}
