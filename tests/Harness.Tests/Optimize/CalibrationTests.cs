using Harness.Onnx.Model;
using Harness.Optimize.Quantization.Calibration;

namespace Harness.Tests.Optimize;

/// <summary>Range estimators on known distributions, and the random calibration source.</summary>
public sealed class CalibrationTests
{
    [Fact]
    public void MinMax_keeps_the_extremes_over_all_batches()
    {
        var estimator = new MinMaxEstimator();
        estimator.Observe([0.5f, -1f, 2f]);
        estimator.Observe([3f, -0.25f]);

        Assert.Equal(new TensorRange(-1f, 3f), estimator.Estimate());
    }

    [Fact]
    public void The_histogram_doubles_its_range_without_losing_counts()
    {
        var histogram = new Histogram(8, absolute: false);
        histogram.Add([-1f, -0.1f, 0.1f, 0.9f]);
        histogram.Add([3f, -3.5f]);

        Assert.Equal(4.0, histogram.Limit);
        Assert.Equal(6, histogram.Total);
        Assert.Equal(6, histogram.Counts.ToArray().Sum());
        // Bins of width 1 over [-4, 4): -3.5 | -1, -0.1 | 0.1, 0.9 | 3.
        Assert.Equal([1L, 0, 0, 2, 2, 0, 0, 1], histogram.Counts.ToArray());
    }

    [Fact]
    public void Percentile_cuts_the_rare_outliers_symmetrically()
    {
        var values = Enumerable.Range(0, 100_000).Select(i => ((i % 2000) - 1000) / 1000f).ToList();
        values[0] = 50f; // one outlier in 100k: above the 99.9th percentile
        var estimator = new PercentileEstimator(2048, percentile: 99.9);
        estimator.Observe(values.ToArray());

        var range = estimator.Estimate();

        Assert.InRange(range.Max, 0.99f, 1.1f);
        Assert.InRange(range.Min, -1.1f, -0.99f);
    }

    [Fact]
    public void Percentile_keeps_a_nonnegative_tensor_at_zero()
    {
        var estimator = new PercentileEstimator();
        estimator.Observe(Enumerable.Range(0, 1000).Select(i => i / 100f).ToArray());

        var range = estimator.Estimate();

        Assert.Equal(0f, range.Min);
        Assert.InRange(range.Max, 9.9f, 10.01f);
    }

    [Fact]
    public void Entropy_clips_a_long_tail()
    {
        // A Laplace bulk (scale 1) and 20 outliers in 200k out to ±97.5: the KL-optimal threshold
        // keeps the bulk's own tail (it reaches about ±12) and drops the outliers.
        var random = new Random(3);
        var values = Enumerable.Range(0, 200_000).Select(_ => (float)(-Math.Log(1 - random.NextDouble()) * ((random.Next(2) * 2) - 1))).ToArray();
        for (var i = 0; i < 20; i++)
        {
            values[i * 1000] = (i % 2 == 0 ? 1 : -1) * (50f + (i * 2.5f));
        }

        var estimator = new EntropyEstimator();
        estimator.Observe(values);
        var range = estimator.Estimate();

        Assert.InRange(range.Max, 5f, 20f);
        Assert.InRange(range.Min, -20f, -5f);
    }

    [Fact]
    public void Entropy_judges_a_relu_output_on_its_occupied_side()
    {
        // Half the values are exactly 0; the rest an exponential tail. Smearing the spike at 0
        // (as a window over [-t, t] with 128 levels does) would clip the tail at under 2.
        var random = new Random(4);
        var values = Enumerable.Range(0, 200_000).Select(_ => (float)Math.Max(0, -Math.Log(1 - random.NextDouble()) * ((random.Next(2) * 2) - 1))).ToArray();

        var estimator = new EntropyEstimator();
        estimator.Observe(values);
        var range = estimator.Estimate();

        Assert.Equal(0f, range.Min);
        Assert.InRange(range.Max, 6f, 14f);
    }

    [Fact]
    public void Entropy_never_collapses_an_offset_tensor_below_its_data()
    {
        // Uniform on [0.8, 1.7] (a LayerNorm's sqrt(variance)): the quantizer spreads its levels
        // from 0, and nothing is an outlier, so the range must reach the top of the data. The old
        // estimator judged a window that held only the bin at 0.8 (all values folded into it) as
        // divergence 0 and returned [0.8, 0.8].
        var random = new Random(5);
        var values = Enumerable.Range(0, 100_000).Select(_ => (float)(0.8 + (0.9 * random.NextDouble()))).ToArray();

        var estimator = new EntropyEstimator();
        estimator.Observe(values);
        var range = estimator.Estimate();

        Assert.InRange(range.Max, 1.6f, 1.7f);
    }

    [Fact]
    public void Entropy_keeps_the_bulk_of_a_gaussian()
    {
        // N(0, 1), 200k values, max about ±4.5: the KL-optimal 8-bit threshold sits near 3–4σ
        // (rounding noise at 256 levels is far below the clipped tail's cost). A window narrower
        // than the level count scored no rounding loss and clipped at a fraction of the range.
        var random = new Random(6);
        var values = Enumerable.Range(0, 200_000)
            .Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();

        var estimator = new EntropyEstimator();
        estimator.Observe(values);
        var range = estimator.Estimate();

        Assert.InRange(range.Max, 2.5f, 4.7f);
        Assert.InRange(range.Min, -4.7f, -2.5f);
        Assert.True(values.Count(v => v > range.Max || v < range.Min) < values.Length / 100, "more than 1% of the data clipped");
    }

    [Fact]
    public void Random_data_is_seeded_and_describes_itself()
    {
        var shapes = new Dictionary<string, long[]> { ["x"] = [1, 3, 2, 2] };
        var a = new RandomCalibrationData(shapes, sampleCount: 3, seed: 7);
        var b = new RandomCalibrationData(shapes, sampleCount: 3, seed: 7);

        var first = a.Samples().ToList();
        Assert.Equal(3, first.Count);
        Assert.Equal(first.SelectMany(s => s), b.Samples().SelectMany(s => s));
        Assert.All(first, s => Assert.All(s.Single().ToArray<float>(), v => Assert.InRange(v, -1f, 1f)));
        Assert.Equal("uniform[-1, 1], 3 samples, seed 7, x [1, 3, 2, 2]", a.Description);
        Assert.NotEqual(first.SelectMany(s => s), new RandomCalibrationData(shapes, 3, seed: 8).Samples().SelectMany(s => s));
    }
}
