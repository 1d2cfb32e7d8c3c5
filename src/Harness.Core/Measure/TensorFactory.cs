using Harness.Onnx;
using Harness.Onnx.Runtime;
using Harness.Plan;

namespace Harness.Measure;

/// <summary>
/// Builds input tensors from a seeded fill, so the same scenario feeds the same numbers on every
/// run and every machine.
/// </summary>
public static class TensorFactory
{
    public static OrtValue Create(ResolvedInput input)
    {
        long count = 1;
        foreach (var dim in input.Shape)
        {
            count = checked(count * dim);
        }

        return Create(input, Generate(input.Fill, checked((int)count), Fills.IsIntegral(input.ElementType)));
    }

    /// <summary>
    /// A tensor of <paramref name="input"/>'s type and shape holding <paramref name="values"/>. For
    /// integer types the values are whole already (<see cref="Generate"/> drew them so, and
    /// <see cref="Fills.ProblemFor"/> kept them in range), so the casts below lose nothing.
    /// </summary>
    public static OrtValue Create(ResolvedInput input, double[] values) => input.ElementType switch
    {
        TensorElementType.Float => OrtValue.CreateTensor(Array.ConvertAll(values, v => (float)v), input.Shape),
        TensorElementType.Double => OrtValue.CreateTensor(values, input.Shape),
        TensorElementType.Float16 => OrtValue.CreateTensor(Array.ConvertAll(values, v => (Half)v), input.Shape),
        TensorElementType.Int64 => OrtValue.CreateTensor(Array.ConvertAll(values, v => (long)v), input.Shape),
        TensorElementType.Int32 => OrtValue.CreateTensor(Array.ConvertAll(values, v => (int)v), input.Shape),
        TensorElementType.Int16 => OrtValue.CreateTensor(Array.ConvertAll(values, v => (short)v), input.Shape),
        TensorElementType.UInt8 => OrtValue.CreateTensor(Array.ConvertAll(values, v => (byte)v), input.Shape),
        TensorElementType.Int8 => OrtValue.CreateTensor(Array.ConvertAll(values, v => (sbyte)v), input.Shape),
        TensorElementType.Bool => OrtValue.CreateTensor(Array.ConvertAll(values, v => v != 0), input.Shape),
        _ => throw new InputSpecException($"input '{input.Name}' has element type {input.ElementType.DisplayName()}, which Harness cannot generate"),
    };

    /// <summary>
    /// <paramref name="count"/> seeded values of <paramref name="fill"/>; with <paramref name="integral"/>,
    /// a uniform fill draws the whole numbers in [low, high) instead of reals.
    /// </summary>
    public static double[] Generate(FillSpec fill, int count, bool integral = false)
    {
        var values = new double[count];
        var random = new Random(fill.Seed);
        switch (fill.Kind)
        {
            case FillKind.Zeros:
                break;
            case FillKind.Uniform when integral:
                var (low, high) = Fills.IntegerBounds(fill);
                for (var i = 0; i < count; i++)
                {
                    values[i] = low + Math.Floor(random.NextDouble() * (high - low + 1));
                }

                break;
            case FillKind.Uniform:
                for (var i = 0; i < count; i++)
                {
                    values[i] = fill.Low + (random.NextDouble() * (fill.High - fill.Low));
                }

                break;
            case FillKind.Constant:
                Array.Fill(values, fill.Values[0]);
                break;
            case FillKind.Values:
                for (var i = 0; i < count; i++)
                {
                    values[i] = fill.Values[random.Next(fill.Values.Count)];
                }

                break;
            case FillKind.Normal:
                for (var i = 0; i < count; i++)
                {
                    // Box–Muller; 1 - u keeps the logarithm's argument in (0, 1].
                    var u1 = 1.0 - random.NextDouble();
                    var u2 = random.NextDouble();
                    values[i] = fill.Mean + (fill.StdDev * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fill), fill.Kind, null);
        }

        return values;
    }
}
