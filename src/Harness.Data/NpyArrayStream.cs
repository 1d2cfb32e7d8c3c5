using System.IO.Compression;
using Harness.Onnx;

namespace Harness.Data;

/// <summary>
/// One NumPy array opened for sequential reading: a <c>.npy</c> file, or one member of a
/// <c>.npz</c> (a zip of .npy files, stored or deflated). Only the header is read on opening; the
/// elements stream out on demand.
/// </summary>
internal sealed class NpyArrayStream : IDisposable
{
    private readonly Stream _stream;
    private readonly IDisposable? _archive;

    private NpyArrayStream(string displayPath, Stream stream, IDisposable? archive)
    {
        DisplayPath = displayPath;
        _stream = stream;
        _archive = archive;
        try
        {
            Header = NpyHeader.Read(stream, displayPath);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>"file.npy", or "file.npz:member" for an array inside an archive.</summary>
    public string DisplayPath { get; }

    public NpyHeader Header { get; }

    /// <summary>Opens <paramref name="path"/>; <paramref name="member"/> names the array inside an .npz (with or without ".npy").</summary>
    public static NpyArrayStream Open(string path, string? member)
    {
        if (!File.Exists(path))
        {
            throw new DatasetException($"{path} does not exist.", path);
        }

        if (member is null)
        {
            return new NpyArrayStream(path, File.OpenRead(path), null);
        }

        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw DatasetException.InFile(path, $"is not an .npz archive ({e.Message}).", e);
        }

        var entry = archive.GetEntry(member) ?? archive.GetEntry(member + ".npy");
        if (entry is null)
        {
            var names = string.Join(", ", archive.Entries.Select(e => Path.GetFileNameWithoutExtension(e.FullName)));
            archive.Dispose();
            throw DatasetException.InFile(path, $"has no array '{member}'; it holds [{names}].");
        }

        try
        {
            return new NpyArrayStream($"{path}:{member}", new BufferedStream(entry.Open(), 1 << 16), archive);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next <paramref name="buffer"/>.Length bytes of elements.</summary>
    public void Read(Span<byte> buffer, string sampleId)
    {
        try
        {
            _stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw DatasetException.InSample(DisplayPath, sampleId, "is cut short: the file ends before the elements its header declares.", e);
        }
        catch (InvalidDataException e)
        {
            throw DatasetException.InSample(DisplayPath, sampleId, $"cannot be decompressed ({e.Message}).", e);
        }
    }

    /// <summary>A whole one-dimensional integer array (labels), as int.</summary>
    public int[] ReadIntegers()
    {
        var header = Header;
        if (header.Shape.Length is not (1 or 2) || (header.Shape.Length == 2 && header.Shape[1] != 1))
        {
            throw DatasetException.InFile(DisplayPath, $"has shape ({string.Join(", ", header.Shape)}); labels are one integer per sample, shape (N,).");
        }

        var width = header.ElementType.SizeInBytes();
        var bytes = new byte[checked(header.Shape[0] * width)];
        Read(bytes, "labels");
        var values = new int[header.Shape[0]];
        for (var i = 0; i < values.Length; i++)
        {
            var element = bytes.AsSpan(i * width, width);
            long value = header.ElementType switch
            {
                TensorElementType.UInt8 => element[0],
                TensorElementType.Int8 => (sbyte)element[0],
                TensorElementType.UInt16 => BitConverter.ToUInt16(element),
                TensorElementType.Int16 => BitConverter.ToInt16(element),
                TensorElementType.Int32 => BitConverter.ToInt32(element),
                TensorElementType.Int64 => BitConverter.ToInt64(element),
                _ => throw DatasetException.InFile(DisplayPath, $"holds {header.ElementType.DisplayName()} labels; class labels must be integers."),
            };
            values[i] = value is >= int.MinValue and <= int.MaxValue ? (int)value : throw DatasetException.InSample(DisplayPath, $"[{i}]", $"has label {value}, which is not a class index.");
        }

        return values;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _archive?.Dispose();
    }
}
