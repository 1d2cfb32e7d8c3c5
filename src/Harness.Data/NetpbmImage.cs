using System.Runtime.InteropServices;
using Harness.Onnx;

namespace Harness.Data;

/// <summary>
/// A decoded Netpbm image: PGM (P2 text, P5 binary; grey) or PPM (P3 text, P6 binary; RGB).
/// 8-bit images with maxval 255 keep their bytes (P5/P6 without a copy); any other maxval is
/// rescaled to float32 in [0, 255], so one declared scale (1/255) fits every file.
/// </summary>
internal sealed record NetpbmImage(int Width, int Height, int Channels, TensorElementType ElementType, ReadOnlyMemory<byte> Data)
{
    /// <summary>[height, width] for grey, [height, width, 3] for colour (interleaved, as stored).</summary>
    public int[] Shape => Channels == 1 ? [Height, Width] : [Height, Width, Channels];

    public SampleLayout Layout => Channels == 1 ? SampleLayout.Hw : SampleLayout.Hwc;

    public static NetpbmImage Decode(byte[] file, string path)
    {
        var reader = new HeaderReader(file, path);
        var (channels, binary) = reader.Magic();
        var width = reader.Number("width");
        var height = reader.Number("height");
        var maxValue = reader.Number("maxval");
        if (width == 0 || height == 0)
        {
            throw DatasetException.InFile(path, $"is an empty image ({width}×{height}).");
        }

        if (maxValue is 0 or > 65535)
        {
            throw DatasetException.InFile(path, $"has maxval {maxValue}; Netpbm allows 1 to 65535.");
        }

        var count = checked(width * height * channels);
        if (binary)
        {
            // Exactly one whitespace byte separates the header from binary pixels.
            var start = reader.Position + 1;
            var width1 = maxValue < 256 ? 1 : 2;
            if (file.Length - start < (long)count * width1)
            {
                throw DatasetException.InFile(path, $"is truncated: {width}×{height}×{channels} samples need {(long)count * width1} bytes of pixels, the file has {Math.Max(0, file.Length - start)}.");
            }

            if (maxValue == 255)
            {
                return new NetpbmImage(width, height, channels, TensorElementType.UInt8, file.AsMemory(start, count));
            }

            var values = new float[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = width1 == 1 ? file[start + i] : (file[start + (2 * i)] << 8) | file[start + (2 * i) + 1];
            }

            return Rescaled(width, height, channels, values, maxValue);
        }

        var text = new float[count];
        for (var i = 0; i < count; i++)
        {
            var value = reader.Number("pixel value");
            if (value > maxValue)
            {
                throw DatasetException.InFile(path, $"has pixel value {value} above its maxval {maxValue} (value number {i}).");
            }

            text[i] = value;
        }

        if (maxValue == 255)
        {
            var bytes = new byte[count];
            for (var i = 0; i < count; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return new NetpbmImage(width, height, channels, TensorElementType.UInt8, bytes);
        }

        return Rescaled(width, height, channels, text, maxValue);
    }

    /// <summary>Width and height from the header alone.</summary>
    public static (int Width, int Height) ReadSize(string path)
    {
        var head = new byte[512];
        using (var stream = File.OpenRead(path))
        {
            head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }

        var reader = new HeaderReader(head, path);
        reader.Magic();
        return (reader.Number("width"), reader.Number("height"));
    }

    private static NetpbmImage Rescaled(int width, int height, int channels, float[] values, int maxValue)
    {
        var factor = 255f / maxValue;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= factor;
        }

        return new NetpbmImage(width, height, channels, TensorElementType.Float, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    /// <summary>Reads header tokens: decimal numbers separated by whitespace, with # comments to the end of a line.</summary>
    private struct HeaderReader(byte[] file, string path)
    {
        public int Position { get; private set; }

        public (int Channels, bool Binary) Magic()
        {
            if (file.Length < 2 || file[0] != (byte)'P')
            {
                throw DatasetException.InFile(path, "is not a Netpbm image (it does not start with P2, P3, P5 or P6).");
            }

            Position = 2;
            return file[1] switch
            {
                (byte)'2' => (1, false),
                (byte)'5' => (1, true),
                (byte)'3' => (3, false),
                (byte)'6' => (3, true),
                (byte)'1' or (byte)'4' => throw DatasetException.InFile(path, "is a PBM bitmap (P1/P4); Harness reads PGM (P2/P5) and PPM (P3/P6)."),
                _ => throw DatasetException.InFile(path, $"has Netpbm magic P{(char)file[1]}; Harness reads PGM (P2/P5) and PPM (P3/P6)."),
            };
        }

        public int Number(string what)
        {
            while (Position < file.Length && (IsSpace(file[Position]) || file[Position] == (byte)'#'))
            {
                if (file[Position] == (byte)'#')
                {
                    while (Position < file.Length && file[Position] != (byte)'\n')
                    {
                        Position++;
                    }
                }
                else
                {
                    Position++;
                }
            }

            var start = Position;
            long value = 0;
            while (Position < file.Length && file[Position] is >= (byte)'0' and <= (byte)'9' && value <= int.MaxValue)
            {
                value = (value * 10) + (file[Position] - '0');
                Position++;
            }

            if (Position == start)
            {
                throw DatasetException.InFile(
                    path, Position >= file.Length ? $"ends before its {what}: the file is truncated." : $"has '{(char)file[Position]}' where its {what} should be.");
            }

            return value <= int.MaxValue ? (int)value : throw DatasetException.InFile(path, $"has a {what} too large to be real.");
        }

        private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';
    }
}
