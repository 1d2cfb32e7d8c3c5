using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;

namespace Harness.Tests.Runtime;

public sealed class TensorValueBridgeTests
{
    public static TheoryData<TensorElementType> FixedWidthTypes() =>
    [
        TensorElementType.Float, TensorElementType.Double, TensorElementType.Float16, TensorElementType.BFloat16,
        TensorElementType.Int8, TensorElementType.UInt8, TensorElementType.Int16, TensorElementType.UInt16,
        TensorElementType.Int32, TensorElementType.UInt32, TensorElementType.Int64, TensorElementType.UInt64,
        TensorElementType.Bool,
    ];

    [Theory]
    [MemberData(nameof(FixedWidthTypes))]
    public void Every_fixed_width_type_survives_a_run_through_Identity(TensorElementType type)
    {
        var input = new TensorValue("x", type, [2, 3], Pattern(type, 6));
        using var session = OpenIdentity(type);
        using var ortInput = input.ToOrtValue();

        var outputs = session.Run(["x"], [ortInput], ["y"]);
        using var output = outputs[0];
        var back = output.ToTensorValue("y");

        Assert.Equal(input.WithName("y"), back);
    }

    [Fact]
    public void Complex_types_are_refused_by_ONNX_Runtime_with_its_own_reason()
    {
        // They have a fixed width, so the bridge passes them on; ONNX Runtime's .NET API has no complex tensors.
        var value = new TensorValue("z", TensorElementType.Complex64, [3], Pattern(TensorElementType.Complex64, 3));

        var error = Assert.Throws<OrtException>(() => value.ToOrtValue());

        Assert.Equal(OrtErrorCode.InvalidArgument, error.Code);
        Assert.Contains("Complex64 is not supported", error.OrtMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_runtime_tensor_is_pinned_over_the_values_bytes_not_a_copy()
    {
        var value = TensorValue.Create("x", new[] { 1f, 2f, 3f }, 3);
        using var ortValue = value.ToOrtValue();

        ortValue.GetSpan<float>()[1] = 20;

        Assert.Equal(new[] { 1f, 20f, 3f }, value.ToArray<float>());
        Assert.Equal(TensorElementType.Float, ortValue.ElementType);
        Assert.Equal([3L], ortValue.Shape);
    }

    [Fact]
    public void The_value_read_back_is_a_copy_that_outlives_the_runtime_tensor()
    {
        var data = new long[] { 7, -8, 9, long.MinValue };
        TensorValue back;
        using (var ortValue = OrtValue.CreateTensor(data, [2, 2]))
        {
            back = ortValue.ToTensorValue("n");
        }

        data[0] = 0;

        Assert.Equal(new long[] { 7, -8, 9, long.MinValue }, back.ToArray<long>());
        Assert.Equal([2L, 2], back.Dims);
    }

    [Fact]
    public void Scalars_and_empty_tensors_cross_both_ways()
    {
        var scalar = TensorValue.Create("s", new[] { 2.5 });
        var empty = new TensorValue("e", TensorElementType.Float, [0, 4], []);

        using var ortScalar = scalar.ToOrtValue();
        using var ortEmpty = empty.ToOrtValue();

        Assert.Equal(scalar, ortScalar.ToTensorValue("s"));
        Assert.Equal(empty, ortEmpty.ToTensorValue("e"));
    }

    [Fact]
    public void Strings_have_no_byte_form_and_are_refused()
    {
        var strings = new TensorValue("s", TensorElementType.String, [1], [0]);

        Assert.Throws<NotSupportedException>(() => strings.ToOrtValue());
    }

    private static InferenceSession OpenIdentity(TensorElementType type)
    {
        var model = new GraphBuilder("identity")
            .Input("x", type, 2, 3)
            .Node("Identity", ["x"], ["y"])
            .Output("y", type, 2, 3)
            .Build();
        using var options = OrtTestContext.SingleThreadOptions();
        return InferenceSession.FromBytes(OrtTestContext.Environment, model.ToBytes(), options);
    }

    /// <summary>Distinct, valid bytes per element (bools must be 0 or 1).</summary>
    private static byte[] Pattern(TensorElementType type, int count)
    {
        var bytes = new byte[count * type.SizeInBytes()];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = type == TensorElementType.Bool ? (byte)(i % 2) : (byte)((i * 37) + 11);
        }

        return bytes;
    }
}
