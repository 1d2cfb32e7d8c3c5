using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Model;

/// <summary>
/// A named tensor decoded from its protobuf storage: element type, dims and little-endian element
/// bytes. This is the form tensors travel in between stages (test data sets, runtime inputs,
/// expected outputs). Equality compares contents, so two values are equal when they hold the same
/// bits, which is what "bit-identical outputs" means.
/// </summary>
public sealed record TensorValue(string Name, TensorElementType ElementType, long[] Dims, byte[] Data)
{
    public long ElementCount => TensorData.ElementCount(Dims);

    /// <summary>Decodes a tensor stored inside its proto (raw_data or typed fields).</summary>
    public static TensorValue FromProto(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new TensorValue(tensor.Name, TensorData.ElementTypeOf(tensor), [.. tensor.Dims], TensorData.GetBytes(tensor));
    }

    public static TensorValue Create<T>(string name, T[] values, params long[] dims)
        where T : unmanaged
    {
        var proto = TensorData.Create<T>(name, values, dims);
        return new TensorValue(name, TensorData.ElementTypeOf(proto), dims, proto.RawData.ToByteArray());
    }

    public TensorProto ToProto(TensorStorage storage = TensorStorage.Raw) =>
        TensorData.Create(Name, ElementType, Dims, Data, storage);

    public T[] ToArray<T>()
        where T : unmanaged => TensorData.ToArray<T>(ElementType, Data, Name);

    /// <summary>The same values under another name (test data files may name a tensor differently from the graph).</summary>
    public TensorValue WithName(string name) => this with { Name = name };

    public bool Equals(TensorValue? other) =>
        other is not null
        && Name == other.Name
        && ElementType == other.ElementType
        && Dims.AsSpan().SequenceEqual(other.Dims)
        && Data.AsSpan().SequenceEqual(other.Data);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        hash.Add(ElementType);
        foreach (var dim in Dims)
        {
            hash.Add(dim);
        }

        hash.AddBytes(Data);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"{Name}: {ElementType.DisplayName()}[{string.Join(", ", Dims)}] ({Data.Length} bytes)";
}
