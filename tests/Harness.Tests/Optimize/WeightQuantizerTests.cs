using Harness.Onnx;
using Harness.Optimize.Quantization;

namespace Harness.Tests.Optimize;

public sealed class WeightQuantizerTests
{
    [Fact]
    public void Per_channel_gives_each_output_channel_its_own_scale()
    {
        var q = WeightQuantizer.Quantize(OptimizeModels.ConvWeights, [3, 2, 1, 1], QuantType.Int8, symmetric: true, reduceRange: false, axis: 0);

        Assert.Equal([1f / 127, 0.25f / 127, 2f / 127], q.Parameters.Select(p => p.Scale));
        Assert.All(q.Parameters, p => Assert.Equal(0, p.ZeroPoint));
        // 1 → 127, -0.25 → -31.75 → -32; 0.25 → 127, 0.1 → 50.8 → 51; -2 → -127, 0.5 → 31.75 → 32.
        Assert.Equal([127, -32, 127, 51, -127, 32], q.Values);
    }

    [Fact]
    public void Per_tensor_uses_one_scale_for_all()
    {
        var q = WeightQuantizer.Quantize(OptimizeModels.ConvWeights, [3, 2, 1, 1], QuantType.Int8, symmetric: true, reduceRange: false, axis: null);

        var only = Assert.Single(q.Parameters);
        Assert.Equal(2f / 127, only.Scale);
        Assert.Equal([64, -16, 16, 6, -127, 32], q.Values);
    }

    [Fact]
    public void Per_channel_along_the_last_axis_slices_columns()
    {
        // [[1, -4], [0.5, 2]]: column maxima 1 and 4.
        var q = WeightQuantizer.Quantize([1f, -4f, 0.5f, 2f], [2, 2], QuantType.Int8, symmetric: true, reduceRange: false, axis: 1);

        Assert.Equal([1f / 127, 4f / 127], q.Parameters.Select(p => p.Scale));
        Assert.Equal([127, -127, 64, 64], q.Values);
    }

    [Fact]
    public void An_all_zero_channel_gets_scale_1()
    {
        var q = WeightQuantizer.Quantize([0f, 0f, 1f, -1f], [2, 2], QuantType.Int8, symmetric: true, reduceRange: false, axis: 0);

        Assert.Equal(1f, q.Parameters[0].Scale);
        Assert.Equal([0, 0, 127, -127], q.Values);
    }

    [Fact]
    public void A_minimum_scale_is_honoured_for_symmetric_weights()
    {
        var q = WeightQuantizer.Quantize([1e-6f, -1e-6f], [2], QuantType.Int8, symmetric: true, reduceRange: false, axis: null, minimumScales: [1e-3f]);

        Assert.Equal(1e-3f, q.Parameters[0].Scale);
        Assert.Equal([0, 0], q.Values);
    }

    [Fact]
    public void Quantized_tensors_become_initializers_of_the_8_bit_type()
    {
        var q = WeightQuantizer.Quantize([1f, -1f], [2], QuantType.Int8, symmetric: true, reduceRange: false, axis: 0);

        var values = q.ToValuesProto("w_q");
        Assert.Equal((int)TensorElementType.Int8, values.DataType);
        Assert.Equal([2L], values.Dims);
        Assert.Equal([2L], q.ToScaleProto("s").Dims);
        Assert.Equal((int)TensorElementType.Int8, q.ToZeroPointProto("z").DataType);
    }
}
