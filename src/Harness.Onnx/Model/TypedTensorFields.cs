using System.Buffers.Binary;
using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Model;

/// <summary>
/// Converts between little-endian element bytes and TensorProto's typed repeated fields. ONNX packs
/// narrow types into wider fields: int8, uint8, int16, uint16, bool, float16 and bfloat16 each take
/// one <c>int32_data</c> entry (float16/bfloat16 as their bit pattern), uint32 and uint64 share
/// <c>uint64_data</c>, complex numbers are pairs in <c>float_data</c>/<c>double_data</c>.
/// </summary>
internal static class TypedTensorFields
{
    public static byte[] Read(TensorProto tensor, TensorElementType type, long elementCount)
    {
        var bytes = new byte[checked(elementCount * type.SizeInBytes())];
        var span = bytes.AsSpan();
        switch (type)
        {
            case TensorElementType.Float:
            case TensorElementType.Complex64:
                var floats = Expect(tensor, tensor.FloatData, "float_data", Scalars(type, elementCount));
                for (var i = 0; i < floats.Count; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(span[(i * 4)..], floats[i]);
                }

                break;
            case TensorElementType.Double:
            case TensorElementType.Complex128:
                var doubles = Expect(tensor, tensor.DoubleData, "double_data", Scalars(type, elementCount));
                for (var i = 0; i < doubles.Count; i++)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(span[(i * 8)..], doubles[i]);
                }

                break;
            case TensorElementType.Int64:
                var longs = Expect(tensor, tensor.Int64Data, "int64_data", elementCount);
                for (var i = 0; i < longs.Count; i++)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(span[(i * 8)..], longs[i]);
                }

                break;
            case TensorElementType.UInt64:
            case TensorElementType.UInt32:
                var unsigned = Expect(tensor, tensor.Uint64Data, "uint64_data", elementCount);
                for (var i = 0; i < unsigned.Count; i++)
                {
                    if (type == TensorElementType.UInt64)
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(span[(i * 8)..], unsigned[i]);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(span[(i * 4)..], (uint)unsigned[i]);
                    }
                }

                break;
            default:
                ReadInt32Field(tensor, type, elementCount, span);
                break;
        }

        return bytes;
    }

    public static void Write(TensorProto tensor, TensorElementType type, ReadOnlySpan<byte> data)
    {
        var width = type.SizeInBytes();
        var count = data.Length / width;
        switch (type)
        {
            case TensorElementType.Float:
            case TensorElementType.Complex64:
                for (var i = 0; i < data.Length; i += 4)
                {
                    tensor.FloatData.Add(BinaryPrimitives.ReadSingleLittleEndian(data[i..]));
                }

                break;
            case TensorElementType.Double:
            case TensorElementType.Complex128:
                for (var i = 0; i < data.Length; i += 8)
                {
                    tensor.DoubleData.Add(BinaryPrimitives.ReadDoubleLittleEndian(data[i..]));
                }

                break;
            case TensorElementType.Int64:
                for (var i = 0; i < count; i++)
                {
                    tensor.Int64Data.Add(BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]));
                }

                break;
            case TensorElementType.UInt64:
                for (var i = 0; i < count; i++)
                {
                    tensor.Uint64Data.Add(BinaryPrimitives.ReadUInt64LittleEndian(data[(i * 8)..]));
                }

                break;
            case TensorElementType.UInt32:
                for (var i = 0; i < count; i++)
                {
                    tensor.Uint64Data.Add(BinaryPrimitives.ReadUInt32LittleEndian(data[(i * 4)..]));
                }

                break;
            default:
                for (var i = 0; i < count; i++)
                {
                    tensor.Int32Data.Add(ReadAsInt32(type, data[(i * width)..]));
                }

                break;
        }
    }

    private static void ReadInt32Field(TensorProto tensor, TensorElementType type, long elementCount, Span<byte> span)
    {
        var ints = Expect(tensor, tensor.Int32Data, "int32_data", elementCount);
        for (var i = 0; i < ints.Count; i++)
        {
            var value = ints[i];
            switch (type)
            {
                case TensorElementType.Int32:
                    BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], value);
                    break;
                case TensorElementType.Int16:
                case TensorElementType.UInt16:
                case TensorElementType.Float16:
                case TensorElementType.BFloat16:
                    // Narrowing keeps the low 16 bits: the value for integers, the bit pattern for floats.
                    BinaryPrimitives.WriteUInt16LittleEndian(span[(i * 2)..], unchecked((ushort)value));
                    break;
                case TensorElementType.Int8:
                case TensorElementType.UInt8:
                case TensorElementType.Bool:
                    span[i] = unchecked((byte)value);
                    break;
                default:
                    throw new NotSupportedException($"Tensor '{tensor.Name}' has element type {type.DisplayName()}, which has no typed-field form.");
            }
        }
    }

    /// <summary>The int32_data entry for one element: sign-extended for signed types, zero-extended otherwise.</summary>
    private static int ReadAsInt32(TensorElementType type, ReadOnlySpan<byte> element) => type switch
    {
        TensorElementType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(element),
        TensorElementType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(element),
        TensorElementType.UInt16 or TensorElementType.Float16 or TensorElementType.BFloat16 => BinaryPrimitives.ReadUInt16LittleEndian(element),
        TensorElementType.Int8 => unchecked((sbyte)element[0]),
        TensorElementType.UInt8 or TensorElementType.Bool => element[0],
        _ => throw new NotSupportedException($"Element type {type.DisplayName()} has no typed-field form."),
    };

    /// <summary>Complex numbers take two scalars per element.</summary>
    private static long Scalars(TensorElementType type, long elementCount) =>
        type is TensorElementType.Complex64 or TensorElementType.Complex128 ? elementCount * 2 : elementCount;

    private static Google.Protobuf.Collections.RepeatedField<T> Expect<T>(
        TensorProto tensor, Google.Protobuf.Collections.RepeatedField<T> field, string fieldName, long expected)
    {
        if (field.Count != expected)
        {
            throw new ModelFormatException(
                $"Tensor '{tensor.Name}' has {field.Count} values in {fieldName}, but its dims [{string.Join(", ", tensor.Dims)}] " +
                $"need {expected}. The model is damaged; export it again.");
        }

        return field;
    }
}
