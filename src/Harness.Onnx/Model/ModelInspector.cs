using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Model;

/// <summary>Reads a model and says what it is: signature, opsets, parameters, operators.</summary>
public static class ModelInspector
{
    private const string DefaultDomain = "ai.onnx";

    public static ModelSummary Inspect(string path)
    {
        var model = OnnxModel.Load(path);
        return Summarize(model, new FileInfo(path).Length, path);
    }

    public static ModelSummary Summarize(OnnxModel model, long fileBytes, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var proto = model.Proto;
        var graphs = Subgraphs.AllGraphs(proto.Graph).ToList();
        long parameterCount = 0;
        long parameterBytes = 0;
        foreach (var graph in graphs)
        {
            var (count, bytes) = CountParameters(graph);
            parameterCount += count;
            parameterBytes += bytes;
        }

        return new ModelSummary(
            path,
            fileBytes,
            proto.IrVersion,
            proto.ProducerName,
            proto.ProducerVersion,
            proto.OpsetImport.Select(o => new OpsetImport(DomainName(o.Domain), o.Version)).ToList(),
            model.Inputs.Select(Signature).ToList(),
            model.Outputs.Select(Signature).ToList(),
            parameterCount,
            parameterBytes,
            graphs.Sum(g => g.Node.Count),
            OpHistogram(graphs.SelectMany(g => g.Node)))
        {
            SubgraphCount = graphs.Count - 1,
        };
    }

    public static TensorSignature Signature(ValueInfoProto value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Type?.ValueCase switch
        {
            TypeProto.ValueOneofCase.TensorType => new TensorSignature(
                value.Name,
                ((TensorElementType)value.Type.TensorType.ElemType).DisplayName(),
                value.Type.TensorType.Shape?.Dim.Select(Dimension.FromProto).ToList()),
            TypeProto.ValueOneofCase.SparseTensorType => new TensorSignature(
                value.Name,
                "sparse " + ((TensorElementType)value.Type.SparseTensorType.ElemType).DisplayName(),
                value.Type.SparseTensorType.Shape?.Dim.Select(Dimension.FromProto).ToList()),
            null or TypeProto.ValueOneofCase.None => new TensorSignature(value.Name, "unknown", null),
            { } other => new TensorSignature(value.Name, other.ToString().Replace("Type", "", StringComparison.Ordinal).ToLowerInvariant(), null),
        };
    }

    /// <summary>
    /// Parameters are the values a graph carries: its initializers and the tensors held by its
    /// Constant nodes (summed over the main graph and its subgraphs by the caller). Exporters differ in which they use (paddle2onnx writes every weight as a
    /// Constant), so counting only initializers would call those models empty. Bytes are at each
    /// type's storage width; string tensors count their text length.
    /// </summary>
    private static (long Count, long Bytes) CountParameters(GraphProto graph)
    {
        long count = 0;
        long bytes = 0;
        var constants = graph.Node
            .Where(n => n.OpType == "Constant" && n.Domain is ("" or DefaultDomain))
            .SelectMany(n => n.Attribute);
        foreach (var attribute in constants)
        {
            switch (attribute.Type)
            {
                case AttributeProto.Types.AttributeType.Tensor when attribute.T is not null:
                    Add(attribute.T);
                    break;
                case AttributeProto.Types.AttributeType.Floats:
                    count += attribute.Floats.Count;
                    bytes += attribute.Floats.Count * 4L;
                    break;
                case AttributeProto.Types.AttributeType.Ints:
                    count += attribute.Ints.Count;
                    bytes += attribute.Ints.Count * 8L;
                    break;
                case AttributeProto.Types.AttributeType.Float or AttributeProto.Types.AttributeType.Int:
                    count += 1;
                    bytes += attribute.Type == AttributeProto.Types.AttributeType.Float ? 4 : 8;
                    break;
                default:
                    break;
            }
        }

        foreach (var tensor in graph.Initializer)
        {
            Add(tensor);
        }

        return (count, bytes);

        void Add(TensorProto tensor)
        {
            var elements = TensorData.ElementCount(tensor.Dims);
            var type = TensorData.ElementTypeOf(tensor);
            count += elements;
            bytes += type == TensorElementType.String ? tensor.StringData.Sum(s => (long)s.Length) : elements * type.SizeInBytes();
        }
    }

    /// <summary>Most frequent first, ties by name, so the same model always prints the same list.</summary>
    private static List<OpTypeCount> OpHistogram(IEnumerable<NodeProto> nodes) =>
        nodes
            .GroupBy(n => n.Domain is "" or DefaultDomain ? n.OpType : n.Domain + ":" + n.OpType, StringComparer.Ordinal)
            .Select(g => new OpTypeCount(g.Key, g.Count()))
            .OrderByDescending(c => c.Count)
            .ThenBy(c => c.OpType, StringComparer.Ordinal)
            .ToList();

    private static string DomainName(string domain) => domain.Length == 0 ? DefaultDomain : domain;
}
