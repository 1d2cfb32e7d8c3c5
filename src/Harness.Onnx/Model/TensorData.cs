using System.Runtime.InteropServices;
using Google.Protobuf;
using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Model;

/// <summary>
/// TensorProto ⇄ (element type, dims, little-endian element bytes), whichever field the values are
/// stored in. Everything downstream (the runtime binding, quantizers, comparisons) works on the byte
/// form, so storage details stay in this file and <see cref="TypedTensorFields"/>.
/// </summary>
public static class TensorData
{
    public static TensorElementType ElementTypeOf(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return (TensorElementType)tensor.DataType;
    }

    /// <summary>Product of the dims; 1 for a scalar (no dims).</summary>
    public static long ElementCount(IEnumerable<long> dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        long count = 1;
        foreach (var dim in dims)
        {
            if (dim < 0)
            {
                throw new ModelFormatException($"A tensor has a negative dimension ({dim}); stored tensors need concrete sizes. Export the model again.");
            }

            count = checked(count * dim);
        }

        return count;
    }

    public static bool IsExternal(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.HasDataLocation && tensor.DataLocation == TensorProto.Types.DataLocation.External;
    }

    /// <summary>
    /// The values of a tensor stored inside the model, as little-endian bytes. Tensors in external
    /// files need their model's folder: read those with <see cref="OnnxModel.ReadTensorBytes"/>.
    /// </summary>
    public static byte[] GetBytes(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (IsExternal(tensor))
        {
            throw new InvalidOperationException(
                $"Tensor '{tensor.Name}' is stored in an external file; read it through OnnxModel.ReadTensorBytes, which knows the model's folder.");
        }

        var type = ElementTypeOf(tensor);
        var width = FixedWidthOf(type, tensor.Name);
        var count = ElementCount(tensor.Dims);
        if (!tensor.HasRawData)
        {
            return TypedTensorFields.Read(tensor, type, count);
        }

        var expected = checked(count * width);
        if (tensor.RawData.Length != expected)
        {
            throw new ModelFormatException(
                $"Tensor '{tensor.Name}' has {tensor.RawData.Length} bytes of raw_data, but {count} {type.DisplayName()} elements " +
                $"(dims [{string.Join(", ", tensor.Dims)}]) need {expected}. The model is damaged; export it again.");
        }

        return tensor.RawData.ToByteArray();
    }

    /// <summary>Makes a tensor from little-endian element bytes, stored the way <paramref name="storage"/> says.</summary>
    public static TensorProto Create(
        string name, TensorElementType type, ReadOnlySpan<long> dims, ReadOnlySpan<byte> data, TensorStorage storage = TensorStorage.Raw)
    {
        ArgumentNullException.ThrowIfNull(name);
        var width = FixedWidthOf(type, name);
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        foreach (var dim in dims)
        {
            tensor.Dims.Add(dim);
        }

        var expected = checked(ElementCount(tensor.Dims) * width);
        if (data.Length != expected)
        {
            throw new ArgumentException(
                $"Tensor '{name}' needs {expected} bytes for dims [{string.Join(", ", dims.ToArray())}] of {type.DisplayName()}, got {data.Length}.",
                nameof(data));
        }

        if (storage == TensorStorage.Raw)
        {
            tensor.RawData = ByteString.CopyFrom(data);
        }
        else
        {
            TypedTensorFields.Write(tensor, type, data);
        }

        return tensor;
    }

    /// <summary>Makes a tensor from typed values; the element type follows from <typeparamref name="T"/>.</summary>
    public static TensorProto Create<T>(string name, ReadOnlySpan<T> values, ReadOnlySpan<long> dims, TensorStorage storage = TensorStorage.Raw)
        where T : unmanaged
    {
        RequireLittleEndianHost();
        return Create(name, ElementTypeFor<T>(), dims, MemoryMarshal.AsBytes(values), storage);
    }

    /// <summary>The values as <typeparamref name="T"/>; the tensor's element type must be the one <typeparamref name="T"/> stands for.</summary>
    public static T[] ToArray<T>(TensorProto tensor)
        where T : unmanaged => ToArray<T>(ElementTypeOf(tensor), GetBytes(tensor), tensor.Name);

    internal static T[] ToArray<T>(TensorElementType type, ReadOnlySpan<byte> data, string name)
        where T : unmanaged
    {
        RequireLittleEndianHost();
        var wanted = ElementTypeFor<T>();
        if (wanted != type)
        {
            throw new InvalidOperationException($"Tensor '{name}' holds {type.DisplayName()} elements, not {wanted.DisplayName()}.");
        }

        return MemoryMarshal.Cast<byte, T>(data).ToArray();
    }

    /// <summary>
    /// The element type a .NET type stands for. bfloat16 has no .NET type of its own: pass its bit
    /// patterns as bytes to <see cref="Create(string, TensorElementType, ReadOnlySpan{long}, ReadOnlySpan{byte}, TensorStorage)"/>.
    /// </summary>
    public static TensorElementType ElementTypeFor<T>()
        where T : unmanaged => typeof(T) switch
    {
        var t when t == typeof(float) => TensorElementType.Float,
        var t when t == typeof(double) => TensorElementType.Double,
        var t when t == typeof(Half) => TensorElementType.Float16,
        var t when t == typeof(sbyte) => TensorElementType.Int8,
        var t when t == typeof(byte) => TensorElementType.UInt8,
        var t when t == typeof(short) => TensorElementType.Int16,
        var t when t == typeof(ushort) => TensorElementType.UInt16,
        var t when t == typeof(int) => TensorElementType.Int32,
        var t when t == typeof(uint) => TensorElementType.UInt32,
        var t when t == typeof(long) => TensorElementType.Int64,
        var t when t == typeof(ulong) => TensorElementType.UInt64,
        var t when t == typeof(bool) => TensorElementType.Bool,
        _ => throw new NotSupportedException($"{typeof(T).Name} is not an ONNX tensor element type."),
    };

    private static int FixedWidthOf(TensorElementType type, string tensorName)
    {
        var width = type.SizeInBytes();
        if (width == 0)
        {
            throw new NotSupportedException(
                $"Tensor '{tensorName}' has element type {type.DisplayName()}, which has no fixed-width byte form (strings, or a type Harness does not know).");
        }

        return width;
    }

    // The byte form is little-endian by definition; reinterpreting typed spans is only right on a
    // little-endian host, which every platform .NET and ONNX Runtime ship for is.
    private static void RequireLittleEndianHost()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Typed tensor views need a little-endian host.");
        }
    }
}
