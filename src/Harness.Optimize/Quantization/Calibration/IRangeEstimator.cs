namespace Harness.Optimize.Quantization.Calibration;

/// <summary>A float range [Min, Max] an activation is quantized over.</summary>
public readonly record struct TensorRange(float Min, float Max);

/// <summary>Sees one tensor's values batch by batch during calibration, then names the range to quantize it over.</summary>
public interface IRangeEstimator
{
    void Observe(ReadOnlySpan<float> values);

    /// <summary>The chosen range; (0, 0) when nothing was observed.</summary>
    TensorRange Estimate();
}
