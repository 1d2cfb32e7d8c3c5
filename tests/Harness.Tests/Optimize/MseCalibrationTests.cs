using Harness.Optimize.Quantization;
using Harness.Optimize.Quantization.Calibration;

namespace Harness.Tests.Optimize;

/// <summary>
/// The squared-error range estimator, judged by what matters: the error of really quantizing the
/// data to uint8 with the chosen range (the quantizer's own formulas), against other ranges.
/// </summary>
public sealed class MseCalibrationTests
{
    private static readonly IntegerRange UInt8 = IntegerRange.For(QuantType.UInt8, symmetric: false, reduceRange: false);

    [Fact]
    public void A_heavy_tailed_tensor_loses_less_than_with_minmax_or_percentile()
    {
        var values = Laplace(seed: 11, count: 200_000);
        var mse = Estimate(new MseEstimator(), values);
        var minMax = Estimate(new MinMaxEstimator(), values);
        var percentile = Estimate(new PercentileEstimator(), values);

        Assert.True(QuantizationError(values, mse) < 0.9 * QuantizationError(values, minMax),
            $"mse {QuantizationError(values, mse):E3} against minmax {QuantizationError(values, minMax):E3}");
        Assert.True(QuantizationError(values, mse) < QuantizationError(values, percentile),
            $"mse {QuantizationError(values, mse):E3} against percentile {QuantizationError(values, percentile):E3}");
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(0.9)]
    [InlineData(1.1)]
    [InlineData(1.25)]
    public void The_chosen_range_is_a_minimum_of_the_real_quantization_error(double factor)
    {
        // Narrower or wider by 10–25% costs more: the histogram's estimate found the real optimum's neighbourhood.
        var values = Laplace(seed: 12, count: 200_000);
        var chosen = Estimate(new MseEstimator(), values);
        var other = new TensorRange((float)(chosen.Min * factor), (float)(chosen.Max * factor));

        Assert.True(QuantizationError(values, chosen) < QuantizationError(values, other),
            $"chosen [{chosen.Min}, {chosen.Max}] {QuantizationError(values, chosen):E3}, ×{factor} {QuantizationError(values, other):E3}");
    }

    [Fact]
    public void A_uniform_tensor_keeps_its_whole_range()
    {
        // Every value clipped costs more than the rounding a 256-level step saves: nothing to clip.
        var random = new Random(13);
        var values = Enumerable.Range(0, 100_000).Select(_ => (float)((random.NextDouble() * 6) - 2)).ToArray();
        var range = Estimate(new MseEstimator(), values);

        Assert.InRange(range.Min, -2.0f, -1.97f);
        Assert.InRange(range.Max, 3.94f, 4.0f);
    }

    [Fact]
    public void A_nonnegative_tensor_keeps_zero_as_its_lower_end()
    {
        var values = Laplace(seed: 14, count: 50_000).Select(Math.Abs).ToArray();
        var range = Estimate(new MseEstimator(), values);

        Assert.Equal(0f, range.Min);
        Assert.True(range.Max > 0 && range.Max < values.Max());
    }

    [Fact]
    public void Nothing_observed_gives_an_empty_range()
    {
        Assert.Equal(new TensorRange(0, 0), new MseEstimator().Estimate());
        var zeros = new MseEstimator();
        zeros.Observe(new float[16]);
        Assert.Equal(new TensorRange(0, 0), zeros.Estimate());
    }

    private static TensorRange Estimate(IRangeEstimator estimator, float[] values)
    {
        for (var start = 0; start < values.Length; start += 10_000)
        {
            estimator.Observe(values.AsSpan(start, Math.Min(10_000, values.Length - start)));
        }

        return estimator.Estimate();
    }

    /// <summary>Mean squared error of quantizing every value to uint8 over the range and back.</summary>
    private static double QuantizationError(float[] values, TensorRange range)
    {
        var parameters = QuantizationMath.ComputeParameters(range.Min, range.Max, UInt8, symmetric: false);
        double sum = 0;
        foreach (var value in values)
        {
            var error = value - QuantizationMath.Dequantize(QuantizationMath.Quantize(value, parameters, UInt8), parameters);
            sum += error * error;
        }

        return sum / values.Length;
    }

    private static float[] Laplace(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var u = random.NextDouble() - 0.5;
            return (float)(-Math.Sign(u) * Math.Log(1 - (2 * Math.Abs(u))));
        }).ToArray();
    }
}
