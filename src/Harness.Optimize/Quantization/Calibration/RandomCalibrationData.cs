using System.Globalization;
using Harness.Onnx.Model;

namespace Harness.Optimize.Quantization.Calibration;

/// <summary>
/// Seeded uniform random float32 inputs of fixed shapes: calibration until a real dataset is wired
/// in. Random inputs exercise every channel but not the value distribution real images produce, so
/// ranges from them are a stand-in; the description says so in every spec it enters.
/// </summary>
public sealed class RandomCalibrationData : ICalibrationDataSource
{
    private readonly IReadOnlyList<KeyValuePair<string, long[]>> shapes;

    public RandomCalibrationData(IReadOnlyDictionary<string, long[]> inputShapes, int sampleCount, int seed, float low = -1f, float high = 1f)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleCount, 1);
        if (!(low < high))
        {
            throw new ArgumentException($"The value range [{low}, {high}] is empty.", nameof(low));
        }

        foreach (var (name, shape) in inputShapes)
        {
            if (shape.Any(d => d < 0))
            {
                throw new ArgumentException($"Input '{name}' has shape [{string.Join(", ", shape)}]; calibration needs every dimension fixed.", nameof(inputShapes));
            }
        }

        // Sorted by name so the description (and so the cache key) does not depend on dictionary order.
        shapes = inputShapes.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        SampleCount = sampleCount;
        Seed = seed;
        Low = low;
        High = high;
    }

    public int SampleCount { get; }

    public int Seed { get; }

    public float Low { get; }

    public float High { get; }

    public string Description =>
        string.Create(CultureInfo.InvariantCulture,
            $"uniform[{Low}, {High}], {SampleCount} samples, seed {Seed}, {string.Join("; ", shapes.Select(s => $"{s.Key} [{string.Join(", ", s.Value)}]"))}");

    public IEnumerable<IReadOnlyList<TensorValue>> Samples()
    {
        var random = new Random(Seed);
        for (var i = 0; i < SampleCount; i++)
        {
            var sample = new List<TensorValue>(shapes.Count);
            foreach (var (name, shape) in shapes)
            {
                var values = new float[shape.Aggregate(1L, (a, d) => a * d)];
                for (var j = 0; j < values.Length; j++)
                {
                    values[j] = (float)(Low + (random.NextDouble() * (High - Low)));
                }

                sample.Add(TensorValue.Create(name, values, shape));
            }

            yield return sample;
        }
    }
}
