using System.Diagnostics;
using Harness.Evaluate.Metrics;
using Xunit.Abstractions;
using static Harness.Tests.Evaluate.Metrics.TestPredictions;

namespace Harness.Tests.Evaluate.Metrics;

public sealed class BootstrapTests(ITestOutputHelper output)
{
    private static ClassificationPrediction[] Bernoulli(int n, double p, int seed)
    {
        var random = new Random(seed);
        var predictions = new ClassificationPrediction[n];
        for (var i = 0; i < n; i++)
        {
            predictions[i] = Binary(0.9, random.NextDouble() < p);
        }

        return predictions;
    }

    [Fact]
    public void Same_Seed_Gives_The_Same_Interval_And_The_Seed_Is_Recorded()
    {
        var predictions = Bernoulli(300, 0.7, seed: 1);
        var first = Bootstrap.Interval(predictions, new Top1Accuracy(), resamples: 200, seed: 42);
        var second = Bootstrap.Interval(predictions, new Top1Accuracy(), resamples: 200, seed: 42);
        var other = Bootstrap.Interval(predictions, new Top1Accuracy(), resamples: 200, seed: 43);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(42, first.Seed);
        Assert.Equal(200, first.Resamples);
        Assert.Equal("top1", first.Metric);
    }

    [Fact]
    public void Estimate_Is_The_Metric_On_All_Data_Inside_Its_Interval()
    {
        var predictions = Bernoulli(400, 0.8, seed: 2);
        var interval = Bootstrap.Interval(predictions, new Top1Accuracy(), seed: 5);
        Assert.Equal(new Top1Accuracy().Compute(predictions), interval.Estimate, 12);
        Assert.True(interval.Lower < interval.Estimate && interval.Estimate < interval.Upper);
        // Roughly ±1.96·√(0.8·0.2/400) = ±0.039 around the estimate.
        Assert.InRange(interval.Upper - interval.Lower, 0.06, 0.10);
    }

    [Fact]
    public void A_Wider_Confidence_Gives_A_Wider_Interval()
    {
        var predictions = Bernoulli(400, 0.8, seed: 3);
        var ninety = Bootstrap.Interval(predictions, new Top1Accuracy(), confidence: 0.90, seed: 9);
        var ninetyNine = Bootstrap.Interval(predictions, new Top1Accuracy(), confidence: 0.99, seed: 9);
        Assert.True(ninetyNine.Lower < ninety.Lower && ninety.Upper < ninetyNine.Upper);
    }

    /// <summary>
    /// Hiding <see cref="IResampleableMetric{TPrediction}"/> forces the general path. Both paths
    /// draw the same indices, so every resample, and so the interval, must agree exactly.
    /// </summary>
    [Theory]
    [InlineData("top1")]
    [InlineData("top5")]
    [InlineData("precision")]
    [InlineData("recall")]
    [InlineData("f1")]
    [InlineData("f1[2]")]
    [InlineData("log_loss")]
    [InlineData("ece")]
    public void Classification_Shortcut_Matches_Recomputing_The_Metric(string name)
    {
        var random = new Random(4);
        var predictions = new ClassificationPrediction[300];
        for (var i = 0; i < predictions.Length; i++)
        {
            var scores = new float[8];
            for (var c = 0; c < scores.Length; c++)
            {
                scores[c] = (float)(3 * random.NextDouble());
            }

            predictions[i] = new ClassificationPrediction(random.Next(8), scores);
        }

        var metric = MetricRegistry.CreateClassification(name);
        Assert.IsAssignableFrom<IResampleableMetric<ClassificationPrediction>>(metric);
        var fast = Bootstrap.Interval(predictions, metric, resamples: 200, seed: 7);
        var slow = Bootstrap.Interval(predictions, new Opaque<ClassificationPrediction>(metric), resamples: 200, seed: 7);
        Assert.Equal(slow.Estimate, fast.Estimate, 12);
        Assert.Equal(slow.Lower, fast.Lower, 12);
        Assert.Equal(slow.Upper, fast.Upper, 12);
    }

    [Theory]
    [InlineData("cer")]
    [InlineData("exact_match")]
    public void Sequence_Shortcut_Matches_Recomputing_The_Metric(string name)
    {
        SequencePrediction[] predictions =
        [
            new("kitten", "sitting"), new("abc", "ab"), new("hello", "hello"), new("", "x"), new("world", "word"),
        ];
        var metric = MetricRegistry.CreateSequence(name);
        var fast = Bootstrap.Interval(predictions, metric, resamples: 200, seed: 3);
        var slow = Bootstrap.Interval(predictions, new Opaque<SequencePrediction>(metric), resamples: 200, seed: 3);
        Assert.Equal(metric.Compute(predictions), fast.Estimate, 12);
        Assert.Equal(slow.Lower, fast.Lower, 12);
        Assert.Equal(slow.Upper, fast.Upper, 12);
    }

    [Fact]
    public void Leaves_Undefined_Resamples_Out_Of_The_Percentiles()
    {
        // Resamples of two: {empty, empty} has no reference characters, CER NaN (1 in 4);
        // {empty, "ab"} has 1 edit over 2 characters, 0.5 (1 in 2); {"ab", "ab"} is 0 (1 in 4).
        // Without the NaNs the percentiles span the defined values exactly.
        SequencePrediction[] predictions = [new("", "x"), new("ab", "ab")];
        var interval = Bootstrap.Interval(predictions, new CharacterErrorRate(), resamples: 200, seed: 1);
        Assert.Equal(0, interval.Lower);
        Assert.Equal(0.5, interval.Upper);
    }

    [Fact]
    public void Rejects_Bad_Arguments()
    {
        var predictions = Bernoulli(10, 0.5, seed: 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => Bootstrap.Interval(predictions, new Top1Accuracy(), resamples: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bootstrap.Interval(predictions, new Top1Accuracy(), confidence: 1));
        Assert.Throws<ArgumentException>(() => Bootstrap.Interval([], new Top1Accuracy()));
    }

    /// <summary>
    /// The brief's budget: 10k predictions × 1000 resamples of top-1 well under a second or two.
    /// The bound is loose (shared CI machines); the measured time goes to the test output.
    /// </summary>
    [Fact]
    public void Ten_Thousand_Predictions_By_A_Thousand_Resamples_Is_Fast()
    {
        var predictions = Bernoulli(10_000, 0.8, seed: 7);
        Bootstrap.Interval(predictions, new Top1Accuracy(), resamples: 10, seed: 0); // JIT warm-up
        var stopwatch = Stopwatch.StartNew();
        var interval = Bootstrap.Interval(predictions, new Top1Accuracy(), resamples: 1000, seed: 0);
        stopwatch.Stop();
        output.WriteLine($"10k x 1000 top1 bootstrap: {stopwatch.Elapsed.TotalMilliseconds:F1} ms, [{interval.Lower:F4}, {interval.Upper:F4}]");
        Assert.InRange(stopwatch.Elapsed.TotalSeconds, 0, 2);
    }

    /// <summary>Hides a metric's ratio decomposition so the bootstrap takes its general path.</summary>
    private sealed class Opaque<T>(IMetric<T> inner) : IMetric<T>
    {
        public string Name => inner.Name;

        public MetricDirection Direction => inner.Direction;

        public double Compute(IReadOnlyList<T> predictions) => inner.Compute(predictions);
    }
}
