using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace Harness.Tests.Data;

/// <summary>
/// Tiny writers for the dataset formats, so each test reads real files it made itself: IDX (plain
/// or gz), NumPy .npy/.npz, Netpbm PGM/PPM in all four encodings.
/// </summary>
internal static class DatasetFiles
{
    /// <summary>An IDX file of unsigned bytes with the given dimensions (the first is the count).</summary>
    public static string WriteIdx(string path, byte[] data, int[] dimensions, bool gzip = true)
    {
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        stream.Write([0, 0, 0x08, (byte)dimensions.Length]);
        Span<byte> dim = stackalloc byte[4];
        foreach (var d in dimensions)
        {
            BinaryPrimitives.WriteInt32BigEndian(dim, d);
            stream.Write(dim);
        }

        stream.Write(data);
        return path;
    }

    /// <summary>An .npy (format 1.0) holding <paramref name="values"/> in C order.</summary>
    public static string WriteNpy<T>(string path, T[] values, int[] shape, bool fortranOrder = false)
        where T : unmanaged
    {
        using var file = File.Create(path);
        WriteNpy(file, values, shape, fortranOrder);
        return path;
    }

    /// <summary>An .npz with one member per array, as numpy.savez writes (stored, not deflated, unless asked).</summary>
    public static string WriteNpz(string path, bool deflate, params (string Name, Array Values, int[] Shape)[] arrays)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, values, shape) in arrays)
        {
            var entry = zip.CreateEntry(name + ".npy", deflate ? CompressionLevel.Fastest : CompressionLevel.NoCompression);
            using var stream = entry.Open();
            switch (values)
            {
                case float[] f:
                    WriteNpy(stream, f, shape, false);
                    break;
                case double[] d:
                    WriteNpy(stream, d, shape, false);
                    break;
                case byte[] b:
                    WriteNpy(stream, b, shape, false);
                    break;
                case long[] l:
                    WriteNpy(stream, l, shape, false);
                    break;
                default:
                    throw new NotSupportedException(values.GetType().Name);
            }
        }

        return path;
    }

    public static void WriteNpy<T>(Stream stream, T[] values, int[] shape, bool fortranOrder)
        where T : unmanaged
    {
        var descr = values switch
        {
            float[] => "<f4",
            double[] => "<f8",
            byte[] => "|u1",
            long[] => "<i8",
            int[] => "<i4",
            _ => throw new NotSupportedException(typeof(T).Name),
        };
        var dims = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {dims}, }}";
        // numpy pads the header with spaces so the data starts on a 64-byte boundary, ending in \n.
        var headerLength = 10 + dict.Length + 1;
        var padded = dict + new string(' ', (64 - (headerLength % 64)) % 64) + "\n";
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)padded.Length);
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(padded));
        stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    /// <summary>A Netpbm image: P2/P5 when <paramref name="channels"/> is 1, P3/P6 when 3; samples row-major, interleaved.</summary>
    public static string WritePnm(string path, int width, int height, int channels, int[] samples, bool ascii, int maxValue = 255, string? comment = null)
    {
        var magic = (channels, ascii) switch
        {
            (1, true) => "P2",
            (1, false) => "P5",
            (3, true) => "P3",
            _ => "P6",
        };
        using var file = File.Create(path);
        var header = new StringBuilder(magic).Append('\n');
        if (comment is not null)
        {
            header.Append("# ").Append(comment).Append('\n');
        }

        header.Append(CultureInfo.InvariantCulture, $"{width} {height}\n{maxValue}\n");
        file.Write(Encoding.ASCII.GetBytes(header.ToString()));
        if (ascii)
        {
            var text = new StringBuilder();
            for (var i = 0; i < samples.Length; i++)
            {
                text.Append(samples[i].ToString(CultureInfo.InvariantCulture)).Append(i % 12 == 11 ? '\n' : ' ');
            }

            file.Write(Encoding.ASCII.GetBytes(text.ToString()));
        }
        else
        {
            foreach (var sample in samples)
            {
                if (maxValue < 256)
                {
                    file.WriteByte((byte)sample);
                }
                else
                {
                    file.WriteByte((byte)(sample >> 8));
                    file.WriteByte((byte)sample);
                }
            }
        }

        return path;
    }
}
