using System.Globalization;
using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Model;

/// <summary>
/// Where an externally stored tensor's bytes live, from its <c>external_data</c> entries:
/// <c>location</c> (a path relative to the model's folder), <c>offset</c> (default 0) and
/// <c>length</c> (default: to the end of the file). Models over protobuf's 2 GB limit store their
/// weights this way.
/// </summary>
public sealed record ExternalDataReference(string Location, long Offset, long? Length)
{
    private const string LocationKey = "location";
    private const string OffsetKey = "offset";
    private const string LengthKey = "length";

    public static ExternalDataReference Read(TensorProto tensor, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        string? location = null;
        long offset = 0;
        long? length = null;
        foreach (var entry in tensor.ExternalData)
        {
            switch (entry.Key)
            {
                case LocationKey:
                    location = entry.Value;
                    break;
                case OffsetKey:
                    offset = ParseNumber(entry.Value, OffsetKey, tensor, sourceName);
                    break;
                case LengthKey:
                    length = ParseNumber(entry.Value, LengthKey, tensor, sourceName);
                    break;
                default:
                    break; // "checksum" and future keys are kept as they are, not interpreted.
            }
        }

        if (string.IsNullOrEmpty(location))
        {
            throw new ModelFormatException(
                $"Tensor '{tensor.Name}' in {sourceName} is marked as external data but names no location. The model is damaged; export it again.");
        }

        return new ExternalDataReference(location, offset, length);
    }

    /// <summary>
    /// Marks <paramref name="tensor"/> as stored at this reference: sets the data location, replaces
    /// location/offset/length (other entries stay), and drops any inline values.
    /// </summary>
    public void WriteTo(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var kept = tensor.ExternalData.Where(e => e.Key is not (LocationKey or OffsetKey or LengthKey)).ToList();
        tensor.ExternalData.Clear();
        tensor.ExternalData.Add(new StringStringEntryProto { Key = LocationKey, Value = Location });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = OffsetKey, Value = Offset.ToString(CultureInfo.InvariantCulture) });
        if (Length is { } length)
        {
            tensor.ExternalData.Add(new StringStringEntryProto { Key = LengthKey, Value = length.ToString(CultureInfo.InvariantCulture) });
        }

        tensor.ExternalData.Add(kept);
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
        tensor.ClearRawData();
        tensor.FloatData.Clear();
        tensor.Int32Data.Clear();
        tensor.Int64Data.Clear();
        tensor.DoubleData.Clear();
        tensor.Uint64Data.Clear();
        tensor.StringData.Clear();
    }

    /// <summary>
    /// The file and byte range of <paramref name="tensor"/>'s values, checked: the file exists
    /// inside <paramref name="baseDirectory"/> and holds exactly the bytes the tensor's dims need.
    /// </summary>
    internal static ExternalDataSpan Locate(TensorProto tensor, string baseDirectory, string sourceName)
    {
        var reference = Read(tensor, sourceName);
        var path = reference.ResolveUnder(baseDirectory, tensor, sourceName);
        var fileInfo = new FileInfo(path);
        if (!fileInfo.Exists)
        {
            throw new ModelFormatException(
                $"Tensor '{tensor.Name}' of {sourceName} is stored in '{reference.Location}', which does not exist in {baseDirectory}. " +
                "Copy the model's external data file(s) next to the model file.");
        }

        var type = TensorData.ElementTypeOf(tensor);
        if (type.SizeInBytes() == 0)
        {
            throw new ModelFormatException(
                $"Tensor '{tensor.Name}' of {sourceName} holds {type.DisplayName()} elements in an external file; ONNX stores only fixed-width types externally. Export the model again.");
        }

        var expected = checked(TensorData.ElementCount(tensor.Dims) * type.SizeInBytes());
        var length = reference.Length ?? expected;
        if (reference.Offset < 0 || length > fileInfo.Length - reference.Offset)
        {
            throw new ModelFormatException(
                $"Tensor '{tensor.Name}' of {sourceName} needs bytes {reference.Offset}..{reference.Offset + length} of '{reference.Location}', " +
                $"but that file has {fileInfo.Length} bytes. The external data file is truncated or belongs to another model; copy it again.");
        }

        if (length != expected)
        {
            throw new ModelFormatException(
                $"Tensor '{tensor.Name}' of {sourceName} has {length} bytes in '{reference.Location}', but its dims " +
                $"[{string.Join(", ", tensor.Dims)}] need {expected}. The model and its external data do not match; export them again.");
        }

        return new ExternalDataSpan(path, reference.Offset, length);
    }

    // Locations come from the file, so they are not trusted: an absolute path or "../" could make
    // loading a model read any file on the machine. ONNX's own checker refuses the same.
    private string ResolveUnder(string baseDirectory, TensorProto tensor, string sourceName)
    {
        var root = Path.GetFullPath(baseDirectory);
        var path = Path.GetFullPath(Path.Combine(root, Location));
        var inside = path.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (Path.IsPathRooted(Location) || !inside)
        {
            throw new ModelFormatException(
                $"Tensor '{tensor.Name}' of {sourceName} names external data '{Location}', which is outside the model's folder. " +
                "External data must sit in the model's folder or below it; move it there and use a relative location.");
        }

        return path;
    }

    private static long ParseNumber(string text, string key, TensorProto tensor, string sourceName) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ModelFormatException(
                $"Tensor '{tensor.Name}' in {sourceName} has external data {key} '{text}', which is not a whole number. The model is damaged; export it again.");
}

/// <summary>A checked byte range of an external data file.</summary>
internal readonly record struct ExternalDataSpan(string Path, long Offset, long Length)
{
    public byte[] ReadAll()
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        var bytes = new byte[Length];
        stream.Seek(Offset, SeekOrigin.Begin);
        stream.ReadExactly(bytes);
        return bytes;
    }
}
