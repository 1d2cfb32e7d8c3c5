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
        var (parameterCount, parameterBytes) = CountParameters(proto.Graph);
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
            proto.Graph.Node.Count,
            OpHistogram(proto.Graph));
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
    /// Parameters are the elements of the main graph's initializers (what the model learned and
    /// carries); bytes at each type's storage width, string tensors at their text length.
    /// </summary>
    private static (long Count, long Bytes) CountParameters(GraphProto graph)
    {
        long count = 0;
        long bytes = 0;
        foreach (var tensor in graph.Initializer)
        {
            var elements = TensorData.ElementCount(tensor.Dims);
            count += elements;
            var type = TensorData.ElementTypeOf(tensor);
            bytes += type == TensorElementType.String ? tensor.StringData.Sum(s => (long)s.Length) : elements * type.SizeInBytes();
        }

        return (count, bytes);
    }

    /// <summary>Most frequent first, ties by name, so the same model always prints the same list.</summary>
    private static List<OpTypeCount> OpHistogram(GraphProto graph) =>
        graph.Node
            .GroupBy(n => n.Domain is "" or DefaultDomain ? n.OpType : n.Domain + ":" + n.OpType, StringComparer.Ordinal)
            .Select(g => new OpTypeCount(g.Key, g.Count()))
            .OrderByDescending(c => c.Count)
            .ThenBy(c => c.OpType, StringComparer.Ordinal)
            .ToList();

    private static string DomainName(string domain) => domain.Length == 0 ? DefaultDomain : domain;
}
