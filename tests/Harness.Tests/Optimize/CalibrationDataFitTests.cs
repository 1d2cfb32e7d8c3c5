using Harness.Optimize.Graph;
using Harness.Optimize.Quantization.Calibration;
using Harness.Optimize.Quantization.Static;

namespace Harness.Tests.Optimize;

/// <summary>Calibration data the model cannot take is named, with ORT's reason, before anything is written.</summary>
public sealed class CalibrationDataFitTests
{
    [Fact]
    public void Samples_of_the_wrong_shape_name_the_data_and_ORTs_reason()
    {
        // The model takes x [1, 2, 4, 4]; these samples have 3 channels.
        var data = new RandomCalibrationData(new Dictionary<string, long[]> { ["x"] = [1, 3, 4, 4] }, sampleCount: 2, seed: 1);
        var quantizer = new QdqStaticQuantizer(new StaticQuantizationOptions { PerChannel = true }, data);

        var error = Assert.Throws<ModelRewriteException>(() => quantizer.Apply(OptimizeModels.ConvRelu()));

        Assert.StartsWith("The calibration data (", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not fit the model", error.Message, StringComparison.Ordinal);
        Assert.Contains("x", error.Message, StringComparison.Ordinal);
        Assert.Contains("Expected: 2", error.Message, StringComparison.Ordinal);
    }
}
