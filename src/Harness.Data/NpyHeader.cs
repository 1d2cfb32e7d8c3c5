using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Harness.Onnx;

namespace Harness.Data;

/// <summary>
/// The header of a NumPy <c>.npy</c> array: magic <c>\x93NUMPY</c>, version, a little-endian
/// header length, then a Python dict literal such as
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (10, 28, 28), }</c>. The elements follow
/// in the byte order and axis order the dict declares.
/// </summary>
internal sealed partial record NpyHeader(TensorElementType ElementType, int[] Shape)
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public long ElementCount => Shape.Aggregate(1L, (count, dim) => checked(count * dim));

    /// <summary>Reads the header and leaves <paramref name="stream"/> at the first element.</summary>
    public static NpyHeader Read(Stream stream, string path)
    {
        Span<byte> prefix = stackalloc byte[10];
        if (stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) < prefix.Length || !prefix[..6].SequenceEqual(Magic))
        {
            throw DatasetException.InFile(path, "is not a NumPy .npy array (no \\x93NUMPY magic).");
        }

        var major = prefix[6];
        int length;
        if (major == 1)
        {
            length = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
        }
        else if (major is 2 or 3)
        {
            Span<byte> more = stackalloc byte[2];
            stream.ReadExactly(more);
            length = checked((int)BinaryPrimitives.ReadUInt32LittleEndian([prefix[8], prefix[9], more[0], more[1]]));
        }
        else
        {
            throw DatasetException.InFile(path, $"is .npy format version {major}, which Harness does not read (versions 1–3).");
        }

        var text = new byte[length];
        if (stream.ReadAtLeast(text, length, throwOnEndOfStream: false) < length)
        {
            throw DatasetException.InFile(path, "ends inside its .npy header: the file is truncated.");
        }

        // Version 3 headers are UTF-8; earlier ones Latin-1, whose ASCII subset is all a header uses.
        return Parse(Encoding.UTF8.GetString(text), path);
    }

    public static NpyHeader Parse(string dict, string path)
    {
        var descr = DescrPattern().Match(dict);
        var fortran = FortranPattern().Match(dict);
        var shape = ShapePattern().Match(dict);
        if (!descr.Success || !fortran.Success || !shape.Success)
        {
            throw DatasetException.InFile(path, $"has an .npy header Harness cannot read: {dict.Trim()}");
        }

        if (fortran.Groups[1].Value == "True")
        {
            throw DatasetException.InFile(
                path, "stores its array in Fortran (column-major) order; Harness reads C order. Save it with numpy.save(path, numpy.ascontiguousarray(array)).");
        }

        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parsed = new int[dims.Length];
        for (var d = 0; d < dims.Length; d++)
        {
            if (!int.TryParse(dims[d].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out parsed[d]))
            {
                throw DatasetException.InFile(path, $"has shape ({shape.Groups[1].Value}), which is not a list of sizes.");
            }
        }

        return new NpyHeader(ElementTypeOf(descr.Groups[1].Value, path), parsed);
    }

    private static TensorElementType ElementTypeOf(string descr, string path)
    {
        // '|' means byte order does not apply (one-byte types); '=' is the writer's native order, little-endian on every machine Harness runs on.
        if (descr.Length > 1 && descr[0] == '>' && descr[1..] is not ("u1" or "i1" or "b1"))
        {
            throw DatasetException.InFile(path, $"holds big-endian elements ({descr}); save it little-endian with array.astype('<{descr[1..]}').");
        }

        return descr.TrimStart('<', '|', '=', '>') switch
        {
            "f4" => TensorElementType.Float,
            "f8" => TensorElementType.Double,
            "f2" => TensorElementType.Float16,
            "u1" => TensorElementType.UInt8,
            "i1" => TensorElementType.Int8,
            "u2" => TensorElementType.UInt16,
            "i2" => TensorElementType.Int16,
            "i4" => TensorElementType.Int32,
            "i8" => TensorElementType.Int64,
            "b1" => TensorElementType.Bool,
            _ => throw DatasetException.InFile(
                path, $"holds elements of NumPy type '{descr}'; Harness reads float32, float64, float16, uint8, int8, uint16, int16, int32, int64 and bool."),
        };
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]+)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
