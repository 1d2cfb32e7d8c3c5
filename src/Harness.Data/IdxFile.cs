using System.Buffers.Binary;
using System.IO.Compression;

namespace Harness.Data;

/// <summary>
/// An IDX file (LeCun's MNIST format: magic 0x00 0x00 type rank, then rank big-endian int32
/// dimensions, then the elements), plain or gzip-compressed. Opening reads only the header; the
/// body streams out sample by sample, so a gz file is never decompressed whole.
/// </summary>
internal sealed class IdxFile : IDisposable
{
    /// <summary>The element type code for unsigned bytes, the only one image and label files use.</summary>
    private const byte UnsignedByte = 0x08;

    private readonly Stream _stream;

    private IdxFile(string path, Stream stream, int[] dimensions)
    {
        Path = path;
        _stream = stream;
        Dimensions = dimensions;
    }

    public string Path { get; }

    /// <summary>All dimensions; the first is the sample count.</summary>
    public int[] Dimensions { get; }

    public int Count => Dimensions[0];

    /// <summary>Bytes per sample: the product of the dimensions after the first.</summary>
    public int SampleSize
    {
        get
        {
            var size = 1;
            for (var d = 1; d < Dimensions.Length; d++)
            {
                size = checked(size * Dimensions[d]);
            }

            return size;
        }
    }

    public static IdxFile Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new DatasetException($"{path} does not exist. Fashion-MNIST comes from Debian's dataset-fashion-mnist (./run.sh installs it).", path);
        }

        var file = File.OpenRead(path);
        Stream stream = file;
        try
        {
            Span<byte> magic = stackalloc byte[4];
            if (file.Read(magic[..2]) == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            {
                file.Position = 0;
                stream = new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16);
                ReadExactly(stream, magic, path, "its header");
            }
            else
            {
                file.Position = 0;
                ReadExactly(stream, magic, path, "its header");
            }

            if (magic[0] != 0 || magic[1] != 0)
            {
                throw DatasetException.InFile(path, "is not an IDX file (it does not start with two zero bytes, nor is it gzip-compressed).");
            }

            if (magic[2] != UnsignedByte)
            {
                throw DatasetException.InFile(path, $"holds IDX element type 0x{magic[2]:X2}; only unsigned bytes (0x08) are supported.");
            }

            var rank = magic[3];
            if (rank == 0)
            {
                throw DatasetException.InFile(path, "declares no dimensions.");
            }

            Span<byte> dims = stackalloc byte[4 * rank];
            ReadExactly(stream, dims, path, "its dimensions");
            var dimensions = new int[rank];
            for (var d = 0; d < rank; d++)
            {
                dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(dims[(4 * d)..]);
                if (dimensions[d] < 0)
                {
                    throw DatasetException.InFile(path, $"declares a negative dimension ({dimensions[d]}).");
                }
            }

            return new IdxFile(path, stream, dimensions);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw DatasetException.InFile(path, $"is damaged ({e.Message}).", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next sample's bytes into <paramref name="buffer"/> (exactly <see cref="SampleSize"/> long).</summary>
    public void ReadSample(Span<byte> buffer, int index)
    {
        try
        {
            ReadExactly(_stream, buffer, Path, $"sample {index} of the {Count} it declares");
        }
        catch (InvalidDataException e)
        {
            throw DatasetException.InSample(Path, index.ToString(System.Globalization.CultureInfo.InvariantCulture), $"cannot be decompressed ({e.Message}).", e);
        }
    }

    public void Dispose() => _stream.Dispose();

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path, string what)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw DatasetException.InFile(path, $"ends before {what}: the file is truncated.", e);
        }
    }
}
