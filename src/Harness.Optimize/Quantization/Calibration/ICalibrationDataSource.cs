using Harness.Onnx.Model;

namespace Harness.Optimize.Quantization.Calibration;

/// <summary>
/// Where static quantization gets the inputs it runs the model on to see the ranges of its
/// activations: random tensors now, a scenario's dataset later. Each sample holds one tensor per
/// model input, named as the input. A source yields the same samples every time it is enumerated.
/// </summary>
public interface ICalibrationDataSource
{
    /// <summary>
    /// What the samples are, including their seed and count (e.g. "uniform[-1, 1], 16 samples, seed 42,
    /// x [1, 3, 48, 192]"). It is part of the variant's spec, so other data makes another cache entry.
    /// </summary>
    string Description { get; }

    IEnumerable<IReadOnlyList<TensorValue>> Samples();
}
