using System.Runtime.InteropServices;
using Harness.Onnx;

namespace Harness.Data;

/// <summary>
/// One model input for a batch: the shape with the batch axis first, and the elements as
/// little-endian bytes. One byte array serves every element type, so a runtime can wrap it as a
/// tensor without another copy; <see cref="GetSpan{T}"/> views it typed. <see cref="Name"/> is the
/// model input it belongs to, or null to match by position.
/// </summary>
public sealed record BatchTensor(string? Name, TensorElementType ElementType, long[] Shape, byte[] Data)
{
    /// <summary>The shape of one sample (the batch axis dropped).</summary>
    public ReadOnlySpan<long> SampleShape => Shape.AsSpan(1);

    /// <summary>Bytes per sample.</summary>
    public int SampleByteCount => Shape[0] == 0 ? 0 : Data.Length / checked((int)Shape[0]);

    public Span<T> GetSpan<T>()
        where T : unmanaged
    {
        var type = Harness.Onnx.Model.TensorData.ElementTypeFor<T>();
        if (type != ElementType)
        {
            throw new InvalidOperationException($"The batch tensor holds {ElementType.DisplayName()}, not {type.DisplayName()}.");
        }

        return MemoryMarshal.Cast<byte, T>(Data.AsSpan());
    }

    public override string ToString() => $"{Name ?? "(input)"}: {ElementType.DisplayName()}[{string.Join(", ", Shape)}]";
}
