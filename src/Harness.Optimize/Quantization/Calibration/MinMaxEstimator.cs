using System.Numerics.Tensors;

namespace Harness.Optimize.Quantization.Calibration;

/// <summary>The global minimum and maximum over every calibration sample.</summary>
public sealed class MinMaxEstimator : IRangeEstimator
{
    private float min = float.PositiveInfinity;
    private float max = float.NegativeInfinity;

    public void Observe(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        min = Math.Min(min, TensorPrimitives.Min(values));
        max = Math.Max(max, TensorPrimitives.Max(values));
    }

    public TensorRange Estimate() => float.IsPositiveInfinity(min) ? new TensorRange(0, 0) : new TensorRange(min, max);
}
