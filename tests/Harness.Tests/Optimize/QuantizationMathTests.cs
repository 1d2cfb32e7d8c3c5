using Harness.Optimize.Quantization;

namespace Harness.Tests.Optimize;

/// <summary>Scale and zero point as ONNX Runtime's quantizer computes them, checked against values worked out by hand.</summary>
public sealed class QuantizationMathTests
{
    private static readonly IntegerRange UInt8 = IntegerRange.For(QuantType.UInt8, symmetric: false, reduceRange: false);
    private static readonly IntegerRange Int8Symmetric = IntegerRange.For(QuantType.Int8, symmetric: true, reduceRange: false);

    [Theory]
    [InlineData(QuantType.UInt8, false, false, 0, 255)]
    [InlineData(QuantType.Int8, false, false, -128, 127)]
    [InlineData(QuantType.Int8, true, false, -127, 127)]
    [InlineData(QuantType.UInt8, true, false, 0, 254)]
    [InlineData(QuantType.UInt8, false, true, 0, 127)]
    [InlineData(QuantType.Int8, true, true, -64, 64)]
    [InlineData(QuantType.Int8, false, true, -64, 64)]
    public void Integer_ranges_are_ORTs(QuantType type, bool symmetric, bool reduceRange, int min, int max) =>
        Assert.Equal(new IntegerRange(min, max), IntegerRange.For(type, symmetric, reduceRange));

    [Fact]
    public void Asymmetric_uint8_spreads_the_range_over_255_steps_with_zero_exact()
    {
        // [-1, 2]: scale 3/255, zero point -(-1)/scale = 85.
        var p = QuantizationMath.ComputeParameters(-1f, 2f, UInt8, symmetric: false);

        Assert.Equal((float)(3.0 / 255), p.Scale);
        Assert.Equal(85, p.ZeroPoint);
        Assert.Equal(0f, QuantizationMath.Dequantize(QuantizationMath.Quantize(0f, p, UInt8), p));
    }

    [Fact]
    public void The_range_is_widened_to_include_zero()
    {
        var positive = QuantizationMath.ComputeParameters(0.5f, 2f, UInt8, symmetric: false);
        var negative = QuantizationMath.ComputeParameters(-2f, -0.5f, UInt8, symmetric: false);

        Assert.Equal(new QuantizationParameters((float)(2.0 / 255), 0), positive);
        Assert.Equal(new QuantizationParameters((float)(2.0 / 255), 255), negative);
    }

    [Fact]
    public void Symmetric_int8_uses_the_larger_magnitude_and_zero_point_0()
    {
        // [-1, 3] → [-3, 3] over [-127, 127]: scale 6/254.
        var p = QuantizationMath.ComputeParameters(-1f, 3f, Int8Symmetric, symmetric: true);

        Assert.Equal((float)(6.0 / 254), p.Scale);
        Assert.Equal(0, p.ZeroPoint);
        Assert.Equal(127, QuantizationMath.Quantize(3f, p, Int8Symmetric));
        Assert.Equal(-127, QuantizationMath.Quantize(-3f, p, Int8Symmetric));
    }

    [Fact]
    public void Symmetric_uint8_centres_the_zero_point_at_127()
    {
        var p = QuantizationMath.ComputeParameters(-1f, 1f, IntegerRange.For(QuantType.UInt8, true, false), symmetric: true);

        Assert.Equal(127, p.ZeroPoint);
        Assert.Equal((float)(2.0 / 254), p.Scale);
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(0f, 1e-40f)]
    [InlineData(-1e-42f, 0f)]
    public void A_tiny_range_gets_scale_1_and_zero_point_0(float min, float max) =>
        Assert.Equal(new QuantizationParameters(1f, 0), QuantizationMath.ComputeParameters(min, max, UInt8, symmetric: false));

    [Theory]
    [InlineData(-2.5f, 252.5f, 2)] // zero point 2.5 rounds to the even 2
    [InlineData(-3.5f, 251.5f, 4)] // 3.5 rounds to the even 4
    public void Zero_points_round_half_to_even(float min, float max, int zeroPoint)
    {
        var p = QuantizationMath.ComputeParameters(min, max, UInt8, symmetric: false);

        Assert.Equal(1f, p.Scale);
        Assert.Equal(zeroPoint, p.ZeroPoint);
    }

    [Theory]
    [InlineData(0.5f, 0)]
    [InlineData(1.5f, 2)]
    [InlineData(2.5f, 2)]
    [InlineData(-1.5f, -2)]
    [InlineData(-2.5f, -2)]
    [InlineData(126.5f, 126)]
    [InlineData(300f, 127)]
    [InlineData(-300f, -127)]
    public void Values_round_half_to_even_and_clip(float value, int expected) =>
        Assert.Equal(expected, QuantizationMath.Quantize(value, new QuantizationParameters(1f, 0), Int8Symmetric));

    [Fact]
    public void Reduce_range_halves_the_steps()
    {
        var weights = QuantizationMath.ComputeParameters(-2f, 2f, IntegerRange.For(QuantType.Int8, true, reduceRange: true), symmetric: true);
        var activations = QuantizationMath.ComputeParameters(0f, 127f, IntegerRange.For(QuantType.UInt8, false, reduceRange: true), symmetric: false);

        Assert.Equal(4f / 128, weights.Scale);
        Assert.Equal(new QuantizationParameters(1f, 0), activations);
    }

    [Fact]
    public void Bias_is_int32_at_input_scale_times_weight_scale()
    {
        var q = QuantizationMath.QuantizeBias([1f, -0.5f], 0.1f, [0.02f, 0.05f], out var scales);

        Assert.Equal([0.1f * 0.02f, 0.1f * 0.05f], scales);
        Assert.Equal([500, -100], q);
    }

    [Fact]
    public void Bias_beyond_int32_saturates()
    {
        var q = QuantizationMath.QuantizeBias([1e6f, -1e6f], 1e-4f, [1e-6f], out _);

        Assert.Equal([int.MaxValue, int.MinValue], q);
    }
}
