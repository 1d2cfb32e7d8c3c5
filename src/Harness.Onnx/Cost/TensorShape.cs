namespace Harness.Onnx.Cost;

/// <summary>A value's element type and concrete shape, as shape inference knows it.</summary>
public sealed record TensorShape(TensorElementType Type, IReadOnlyList<long> Dims)
{
    public long Elements
    {
        get
        {
            long count = 1;
            foreach (var dim in Dims)
            {
                count *= dim;
            }

            return count;
        }
    }

    public int Rank => Dims.Count;

    /// <summary>Bytes the tensor occupies; MatMulNBits' packed weights are given as uint8, so their size is exact too.</summary>
    public long Bytes => Elements * Type.SizeInBytes();
}
