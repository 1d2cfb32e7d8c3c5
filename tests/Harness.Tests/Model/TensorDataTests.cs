using System.Buffers.Binary;
using Google.Protobuf;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Tests.Model;

public sealed class TensorDataTests
{
    private static readonly long[] Dims = [2, 3];

    public static TheoryData<TensorElementType, TensorStorage> EveryTypeAndStorage()
    {
        var data = new TheoryData<TensorElementType, TensorStorage>();
        foreach (var type in Enum.GetValues<TensorElementType>().Where(t => t.SizeInBytes() > 0))
        {
            data.Add(type, TensorStorage.Raw);
            data.Add(type, TensorStorage.Typed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTypeAndStorage))]
    public void Every_element_type_round_trips_through_each_storage(TensorElementType type, TensorStorage storage)
    {
        var bytes = SampleBytes(type);

        var tensor = TensorData.Create("t", type, Dims, bytes, storage);
        var reparsed = TensorProto.Parser.ParseFrom(tensor.ToByteArray());

        Assert.Equal(storage == TensorStorage.Raw, reparsed.HasRawData);
        Assert.Equal(type, TensorData.ElementTypeOf(reparsed));
        Assert.Equal(Dims, reparsed.Dims);
        Assert.Equal(bytes, TensorData.GetBytes(reparsed));
    }

    [Fact]
    public void Float16_is_stored_as_bit_patterns_in_int32_data()
    {
        Half[] values = [Half.NegativeZero, Half.Epsilon, Half.MaxValue, Half.NegativeInfinity, BitConverter.UInt16BitsToHalf(0x7E01), (Half)1.5f];

        var typed = TensorData.Create<Half>("h", values, [6], TensorStorage.Typed);
        var raw = TensorData.Create<Half>("h", values, [6]);

        Assert.Equal(values.Select(v => (int)BitConverter.HalfToUInt16Bits(v)), typed.Int32Data);
        Assert.Equal(values.Select(BitConverter.HalfToUInt16Bits), TensorData.ToArray<Half>(typed).Select(BitConverter.HalfToUInt16Bits));
        Assert.Equal(TensorData.GetBytes(raw), TensorData.GetBytes(typed));
    }

    [Fact]
    public void Signed_narrow_types_are_sign_extended_in_int32_data()
    {
        var int8 = TensorData.Create<sbyte>("i8", [-1, -128, 127], [3], TensorStorage.Typed);
        var int16 = TensorData.Create<short>("i16", [-1, short.MinValue], [2], TensorStorage.Typed);
        var uint16 = TensorData.Create<ushort>("u16", [ushort.MaxValue], [1], TensorStorage.Typed);

        Assert.Equal([-1, -128, 127], int8.Int32Data);
        Assert.Equal([-1, short.MinValue], int16.Int32Data);
        Assert.Equal([ushort.MaxValue], uint16.Int32Data);
    }

    [Fact]
    public void Typed_accessors_give_back_the_values()
    {
        Assert.Equal([1.5f, -2f], TensorData.ToArray<float>(TensorData.Create<float>("f", [1.5f, -2f], [2], TensorStorage.Typed)));
        Assert.Equal([long.MinValue, 7L], TensorData.ToArray<long>(TensorData.Create<long>("l", [long.MinValue, 7L], [2])));
        Assert.Equal([uint.MaxValue], TensorData.ToArray<uint>(TensorData.Create<uint>("u", [uint.MaxValue], [1], TensorStorage.Typed)));
        Assert.Equal([ulong.MaxValue], TensorData.ToArray<ulong>(TensorData.Create<ulong>("u", [ulong.MaxValue], [1], TensorStorage.Typed)));
        Assert.Equal([true, false], TensorData.ToArray<bool>(TensorData.Create<bool>("b", [true, false], [2], TensorStorage.Typed)));
        Assert.Equal([double.Epsilon], TensorData.ToArray<double>(TensorData.Create<double>("d", [double.Epsilon], [1], TensorStorage.Typed)));
    }

    [Fact]
    public void Asking_for_the_wrong_element_type_is_refused()
    {
        var tensor = TensorData.Create<float>("f", [1f], [1]);

        var error = Assert.Throws<InvalidOperationException>(() => TensorData.ToArray<int>(tensor));

        Assert.Contains("float32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scalar_has_one_element()
    {
        var scalar = TensorData.Create<int>("s", [42], []);

        Assert.Equal([42], TensorData.ToArray<int>(scalar));
    }

    [Fact]
    public void Raw_data_of_the_wrong_length_is_a_format_error()
    {
        var tensor = new TensorProto { Name = "w", DataType = (int)TensorElementType.Float, RawData = ByteString.CopyFrom(1, 2, 3) };
        tensor.Dims.Add(2);

        var error = Assert.Throws<ModelFormatException>(() => TensorData.GetBytes(tensor));

        Assert.Contains("'w'", error.Message, StringComparison.Ordinal);
        Assert.Contains("8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TensorValue_equality_compares_contents()
    {
        var a = TensorValue.Create("x", new[] { 1f, 2f }, 2);
        var b = TensorValue.FromProto(a.ToProto(TensorStorage.Typed));

        Assert.Equal(a, b);
        Assert.NotEqual(a, b.WithName("y"));
        Assert.NotEqual(a, TensorValue.Create("x", new[] { 1f, 3f }, 2));
    }

    /// <summary>Element bytes a typed field can hold exactly: real numbers for float types, any bits for integers.</summary>
    private static byte[] SampleBytes(TensorElementType type)
    {
        var width = type.SizeInBytes();
        var bytes = new byte[Dims[0] * Dims[1] * width];
        var random = new Random((int)type);
        random.NextBytes(bytes);
        for (var i = 0; i < bytes.Length / width; i++)
        {
            var element = bytes.AsSpan(i * width, width);
            switch (type)
            {
                case TensorElementType.Bool:
                    element[0] = (byte)(element[0] & 1);
                    break;
                case TensorElementType.Float:
                case TensorElementType.Complex64:
                    for (var j = 0; j < width; j += 4)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(element[j..], (float)(random.NextDouble() * 2e6 - 1e6));
                    }

                    break;
                case TensorElementType.Double:
                case TensorElementType.Complex128:
                    for (var j = 0; j < width; j += 8)
                    {
                        BinaryPrimitives.WriteDoubleLittleEndian(element[j..], (random.NextDouble() * 2e12) - 1e12);
                    }

                    break;
                default:
                    break; // Integers and 16-bit float bit patterns: every bit pattern must survive.
            }
        }

        return bytes;
    }
}
