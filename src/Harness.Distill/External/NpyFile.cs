using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Harness.Distill.External;

/// <summary>
/// Writes NumPy's <c>.npy</c> format, version 1.0 (numpy.lib.format): the magic, a header that
/// is a Python dict literal (dtype, order, shape) padded so the data starts on a 64-byte
/// boundary, then the values, little-endian in C order. <c>numpy.load</c> reads it as it is.
/// </summary>
public static class NpyFile
{
    public static void Write(string path, ReadOnlySpan<float> values, IReadOnlyList<long> shape) => Write(path, "<f4", MemoryMarshal.AsBytes(values), shape);

    public static void Write(string path, ReadOnlySpan<long> values, IReadOnlyList<long> shape) => Write(path, "<i8", MemoryMarshal.AsBytes(values), shape);

    private static void Write(string path, string dtype, ReadOnlySpan<byte> data, IReadOnlyList<long> shape)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the .npy writer writes little-endian data from memory as it is");
        }

        var dims = string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var header = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': ({dims}{(shape.Count == 1 ? "," : string.Empty)}), }}";
        const int preamble = 10; // magic (6), version (2), header length (2)
        var padded = header.PadRight(((preamble + header.Length + 1 + 63) / 64 * 64) - preamble - 1) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, checked((ushort)padded.Length));
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(padded));
        stream.Write(data);
    }
}
