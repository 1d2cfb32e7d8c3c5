using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Harness.Onnx;

namespace Harness.Data;

/// <summary>Stored elements of any numeric type as float32, the one type preprocessing computes in.</summary>
internal static class ElementConversion
{
    public static bool IsSupported(TensorElementType type) => type is
        TensorElementType.UInt8 or TensorElementType.Int8 or TensorElementType.UInt16 or TensorElementType.Int16 or
        TensorElementType.Int32 or TensorElementType.Int64 or TensorElementType.Float or TensorElementType.Double or
        TensorElementType.Float16;

    /// <summary>Converts little-endian elements; <paramref name="destination"/> holds exactly one float per element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToFloat(ReadOnlySpan<byte> data, TensorElementType type, Span<float> destination)
    {
        switch (type)
        {
            case TensorElementType.Float:
                MemoryMarshal.Cast<byte, float>(data).CopyTo(destination);
                break;
            case TensorElementType.UInt8:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = data[i];
                }

                break;
            case TensorElementType.Int8:
                Convert(MemoryMarshal.Cast<byte, sbyte>(data), destination, v => v);
                break;
            case TensorElementType.UInt16:
                Convert(MemoryMarshal.Cast<byte, ushort>(data), destination, v => v);
                break;
            case TensorElementType.Int16:
                Convert(MemoryMarshal.Cast<byte, short>(data), destination, v => v);
                break;
            case TensorElementType.Int32:
                Convert(MemoryMarshal.Cast<byte, int>(data), destination, v => v);
                break;
            case TensorElementType.Int64:
                Convert(MemoryMarshal.Cast<byte, long>(data), destination, v => v);
                break;
            case TensorElementType.Double:
                Convert(MemoryMarshal.Cast<byte, double>(data), destination, v => (float)v);
                break;
            case TensorElementType.Float16:
                Convert(MemoryMarshal.Cast<byte, Half>(data), destination, v => (float)v);
                break;
            default:
                throw new NotSupportedException($"{type.DisplayName()} elements cannot be converted to float32.");
        }
    }

    private static void Convert<T>(ReadOnlySpan<T> source, Span<float> destination, Func<T, float> convert)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = convert(source[i]);
        }
    }
}
