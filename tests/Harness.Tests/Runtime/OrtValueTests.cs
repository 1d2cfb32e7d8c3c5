using Harness.Onnx;
using Harness.Onnx.Runtime;

namespace Harness.Tests.Runtime;

public sealed class OrtValueTests
{
    [Fact]
    public void Every_supported_element_type_round_trips()
    {
        AssertRoundTrip(new[] { 1.5f, -2f, 3f, 4f, 5f, 6f }, TensorElementType.Float);
        AssertRoundTrip(new[] { 1.5, -2, 3, 4, 5, 6 }, TensorElementType.Double);
        AssertRoundTrip(new sbyte[] { -1, 2, -3, 4, -5, 6 }, TensorElementType.Int8);
        AssertRoundTrip(new byte[] { 1, 2, 3, 4, 5, 255 }, TensorElementType.UInt8);
        AssertRoundTrip(new short[] { -1, 2, -3, 4, -5, 6 }, TensorElementType.Int16);
        AssertRoundTrip(new ushort[] { 1, 2, 3, 4, 5, 65535 }, TensorElementType.UInt16);
        AssertRoundTrip(new[] { -1, 2, -3, 4, -5, 6 }, TensorElementType.Int32);
        AssertRoundTrip(new uint[] { 1, 2, 3, 4, 5, uint.MaxValue }, TensorElementType.UInt32);
        AssertRoundTrip(new long[] { -1, 2, -3, 4, -5, long.MaxValue }, TensorElementType.Int64);
        AssertRoundTrip(new ulong[] { 1, 2, 3, 4, 5, ulong.MaxValue }, TensorElementType.UInt64);
        AssertRoundTrip(new[] { true, false, true, true, false, false }, TensorElementType.Bool);
        AssertRoundTrip(new[] { (Half)1, (Half)(-2), (Half)0.5, (Half)4, (Half)5, (Half)6 }, TensorElementType.Float16);
    }

    [Fact]
    public void A_tensor_views_the_managed_array_it_was_made_from()
    {
        var data = new float[] { 1, 2, 3, 4 };
        using var value = OrtValue.CreateTensor(data, [2, 2]);

        value.GetSpan<float>()[3] = 40;
        data[0] = 10;

        Assert.Equal(40, data[3]);
        Assert.Equal(10, value.GetSpan<float>()[0]);
    }

    [Fact]
    public void Raw_bytes_make_the_same_tensor_as_typed_data()
    {
        var floats = new[] { 1.25f, -3f, 7f };
        var bytes = new byte[12];
        Buffer.BlockCopy(floats, 0, bytes, 0, 12);

        using var fromBytes = OrtValue.CreateTensor(bytes, TensorElementType.Float, [3]);

        Assert.Equal(TensorElementType.Float, fromBytes.ElementType);
        Assert.Equal(floats, fromBytes.GetSpan<float>().ToArray());
        Assert.True(bytes.AsSpan().SequenceEqual(fromBytes.GetBytes()));
    }

    [Fact]
    public void An_allocated_tensor_is_zeroed_and_writable()
    {
        using var value = OrtValue.AllocateTensor(TensorElementType.Int64, [3, 5]);

        Assert.Equal([3L, 5], value.Shape);
        Assert.Equal(15, value.ElementCount);
        Assert.All(value.GetSpan<long>().ToArray(), v => Assert.Equal(0, v));
        value.GetSpan<long>()[14] = 99;
        Assert.Equal(99, value.GetSpan<long>()[14]);
    }

    [Fact]
    public void A_scalar_and_an_empty_tensor_have_the_right_counts()
    {
        using var scalar = OrtValue.CreateTensor(new[] { 5 }, []);
        using var empty = OrtValue.CreateTensor(Array.Empty<float>(), [0, 3]);

        Assert.Empty(scalar.Shape);
        Assert.Equal(5, scalar.GetSpan<int>()[0]);
        Assert.Equal([0L, 3], empty.Shape);
        Assert.Equal(0, empty.GetSpan<float>().Length);
    }

    [Fact]
    public void Mismatched_shapes_and_types_are_refused()
    {
        Assert.Throws<ArgumentException>(() => OrtValue.CreateTensor(new float[5], [2, 3]));
        Assert.Throws<ArgumentException>(() => OrtValue.CreateTensor(new float[6], [-1, 6]));
        Assert.Throws<ArgumentException>(() => OrtValue.CreateTensor(new byte[7], TensorElementType.Float, [2]));
        Assert.Throws<NotSupportedException>(() => OrtValue.CreateTensor(new char[2], [2]));
        Assert.Throws<NotSupportedException>(() => OrtValue.AllocateTensor(TensorElementType.String, [2]));
        using var value = OrtValue.CreateTensor(new float[2], [2]);
        Assert.Throws<InvalidOperationException>(() => value.GetSpan<int>());
    }

    [Fact]
    public void A_disposed_value_refuses_work()
    {
        var value = OrtValue.CreateTensor(new float[2], [2]);
        value.Dispose();

        Assert.Throws<ObjectDisposedException>(() => value.ElementType);
        Assert.Throws<ObjectDisposedException>(() => value.GetBytes().Length);
    }

    private static void AssertRoundTrip<T>(T[] data, TensorElementType expected)
        where T : unmanaged
    {
        using var value = OrtValue.CreateTensor(data, [2, 3]);

        Assert.Equal(expected, value.ElementType);
        Assert.Equal([2L, 3], value.Shape);
        Assert.Equal(data, value.GetSpan<T>().ToArray());
        Assert.Equal(data.Length * expected.SizeInBytes(), value.GetBytes().Length);
    }
}
