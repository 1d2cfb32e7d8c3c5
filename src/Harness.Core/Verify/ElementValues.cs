using System.Numerics;
using System.Runtime.InteropServices;
using Harness.Onnx;

namespace Harness.Verify;

/// <summary>
/// Tensor bytes widened to doubles, so one comparison loop serves every numeric type. Doubles hold
/// every float16, bfloat16 and float32 value exactly, and integers up to 2^53; beyond that only the
/// reported error sizes round, because integer verdicts compare the stored bits.
/// </summary>
internal static class ElementValues
{
    /// <summary>True for types whose values must match exactly (integers and bool).</summary>
    public static bool IsExact(TensorElementType type) =>
        type is not (TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16 or TensorElementType.BFloat16);

    public static double[] ToDoubles(TensorElementType type, ReadOnlySpan<byte> data) => type switch
    {
        TensorElementType.Float => Widen<float>(data),
        TensorElementType.Double => MemoryMarshal.Cast<byte, double>(data).ToArray(),
        TensorElementType.Float16 => Widen<Half>(data),
        TensorElementType.BFloat16 => BFloat16(data),
        TensorElementType.Int8 => Widen<sbyte>(data),
        TensorElementType.UInt8 => Widen<byte>(data),
        TensorElementType.Int16 => Widen<short>(data),
        TensorElementType.UInt16 => Widen<ushort>(data),
        TensorElementType.Int32 => Widen<int>(data),
        TensorElementType.UInt32 => Widen<uint>(data),
        TensorElementType.Int64 => Widen<long>(data),
        TensorElementType.UInt64 => Widen<ulong>(data),
        TensorElementType.Bool => Bool(data),
        _ => throw new NotSupportedException($"Outputs of type {type.DisplayName()} cannot be compared elementwise."),
    };

    /// <summary>Whether element <paramref name="index"/> holds the same value in both, by its stored bits (bool: any non-zero byte is true).</summary>
    public static bool SameBits(TensorElementType type, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, long index)
    {
        if (type == TensorElementType.Bool)
        {
            return (a[(int)index] != 0) == (b[(int)index] != 0);
        }

        var width = type.SizeInBytes();
        var start = checked((int)(index * width));
        return a.Slice(start, width).SequenceEqual(b.Slice(start, width));
    }

    private static double[] Widen<T>(ReadOnlySpan<byte> data)
        where T : unmanaged, INumberBase<T>
    {
        var values = MemoryMarshal.Cast<byte, T>(data);
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = double.CreateTruncating(values[i]);
        }

        return result;
    }

    // bfloat16 is the upper half of a float32's bits.
    private static double[] BFloat16(ReadOnlySpan<byte> data)
    {
        var bits = MemoryMarshal.Cast<byte, ushort>(data);
        var result = new double[bits.Length];
        for (var i = 0; i < bits.Length; i++)
        {
            result[i] = BitConverter.Int32BitsToSingle(bits[i] << 16);
        }

        return result;
    }

    private static double[] Bool(ReadOnlySpan<byte> data)
    {
        var result = new double[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            result[i] = data[i] != 0 ? 1 : 0;
        }

        return result;
    }
}
