using Harness.Onnx;

namespace Harness.Data;

/// <summary>
/// One stored sample tensor as a format reader decoded it, before preprocessing: element type,
/// dimensions (without a batch axis), how to read them, and the little-endian element bytes.
/// <see cref="Data"/> may alias a buffer the reader reuses for the next sample: it is valid until
/// the reader moves on, which is why batching consumes it at once.
/// </summary>
internal readonly record struct SampleTensor(string? Name, TensorElementType ElementType, int[] Shape, SampleLayout Layout, ReadOnlyMemory<byte> Data)
{
    public int ElementCount
    {
        get
        {
            var count = 1;
            foreach (var dim in Shape)
            {
                count = checked(count * dim);
            }

            return count;
        }
    }
}
