using System.Globalization;
using Harness.Measure;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Optimize.Quantization.Calibration;
using Harness.Plan;

namespace Harness.Prepare;

/// <summary>
/// Calibration samples drawn from each input's own fill, in its own element type: a sample rate
/// stays the constant 16000 and token ids stay whole numbers, while float inputs get their ranges.
/// Each sample reseeds every fill from the calibration seed, so samples differ and repeat across runs.
/// </summary>
public sealed class SeededCalibrationData : ICalibrationDataSource
{
    private readonly IReadOnlyList<ResolvedInput> inputs;

    public SeededCalibrationData(IReadOnlyList<ResolvedInput> inputs, int sampleCount, int seed)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleCount, 1);
        this.inputs = inputs;
        SampleCount = sampleCount;
        Seed = seed;
    }

    public int SampleCount { get; }

    public int Seed { get; }

    public string Description =>
        string.Create(CultureInfo.InvariantCulture, $"seeded inputs, {SampleCount} samples, seed {Seed}; ") +
        string.Join("; ", inputs.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => $"{i.Name} {i.ElementType.DisplayName()} [{string.Join(", ", i.Shape)}] {i.Fill}"));

    public IEnumerable<IReadOnlyList<TensorValue>> Samples()
    {
        for (var sample = 0; sample < SampleCount; sample++)
        {
            var tensors = new List<TensorValue>(inputs.Count);
            foreach (var input in inputs)
            {
                var count = checked((int)input.Shape.Aggregate(1L, (product, dim) => checked(product * dim)));
                var fill = input.Fill with { Seed = unchecked((((Seed * 31) + sample) * 31) + input.Fill.Seed) };
                tensors.Add(Tensor(input, TensorFactory.Generate(fill, count, Fills.IsIntegral(input.ElementType))));
            }

            yield return tensors;
        }
    }

    private static TensorValue Tensor(ResolvedInput input, double[] values) => input.ElementType switch
    {
        TensorElementType.Float => TensorValue.Create(input.Name, Array.ConvertAll(values, v => (float)v), input.Shape),
        TensorElementType.Double => TensorValue.Create(input.Name, values, input.Shape),
        TensorElementType.Float16 => TensorValue.Create(input.Name, Array.ConvertAll(values, v => (Half)v), input.Shape),
        TensorElementType.Int64 => TensorValue.Create(input.Name, Array.ConvertAll(values, v => (long)v), input.Shape),
        TensorElementType.Int32 => TensorValue.Create(input.Name, Array.ConvertAll(values, v => (int)v), input.Shape),
        TensorElementType.Int16 => TensorValue.Create(input.Name, Array.ConvertAll(values, v => (short)v), input.Shape),
        TensorElementType.UInt8 => TensorValue.Create(input.Name, Array.ConvertAll(values, v => (byte)v), input.Shape),
        TensorElementType.Int8 => TensorValue.Create(input.Name, Array.ConvertAll(values, v => (sbyte)v), input.Shape),
        TensorElementType.Bool => TensorValue.Create(input.Name, Array.ConvertAll(values, v => v != 0), input.Shape),
        _ => throw new InputSpecException($"input '{input.Name}' has element type {input.ElementType.DisplayName()}, which Harness cannot generate"),
    };
}
