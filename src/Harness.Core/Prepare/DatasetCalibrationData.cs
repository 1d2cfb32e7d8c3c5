using System.Globalization;
using Harness.Data;
using Harness.Onnx.Model;
using Harness.Optimize.Quantization.Calibration;

namespace Harness.Prepare;

/// <summary>
/// Calibration samples from a labelled dataset, preprocessed exactly as for evaluation, so int8
/// ranges are chosen on the data the variant will be judged on.
/// </summary>
public sealed class DatasetCalibrationData(string datasetName, IDataset dataset, string inputName, int samples) : ICalibrationDataSource
{
    public string Description => string.Create(CultureInfo.InvariantCulture, $"dataset {datasetName}, first {samples} samples, input {inputName}");

    public IEnumerable<IReadOnlyList<TensorValue>> Samples()
    {
        foreach (var batch in dataset.ReadBatches(1, samples))
        {
            var tensor = batch.Inputs[0];
            yield return [new TensorValue(tensor.Name ?? inputName, tensor.ElementType, tensor.Shape, tensor.Data)];
        }
    }
}
