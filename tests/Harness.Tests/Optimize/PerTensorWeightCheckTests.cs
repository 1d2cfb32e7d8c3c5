using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Optimize.Quantization.Calibration;
using Harness.Optimize.Quantization.Static;

namespace Harness.Tests.Optimize;

/// <summary>A per-tensor weight scale that starves a channel is reported; per-channel scales are not.</summary>
public sealed class PerTensorWeightCheckTests
{
    // Output channel 1's largest |w| is 0.02 against 2 in channel 2: one scale leaves it 1 level of 127.
    private static OnnxModel StarvedConv() =>
        new GraphBuilder("starved_conv")
            .Input("x", TensorElementType.Float, 1, 2, 4, 4)
            .Initializer("W", [1f, -0.5f, 0.02f, -0.01f, -2f, 0.5f], 3, 2, 1, 1)
            .Node("Conv", ["x", "W"], ["conv"])
            .Node("GlobalAveragePool", ["conv"], ["y"])
            .Output("y", TensorElementType.Float, 1, 3, 1, 1)
            .Build();

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Starved_channels_are_named_only_for_per_tensor_scales(bool perChannel, bool warned)
    {
        var data = new RandomCalibrationData(new Dictionary<string, long[]> { ["x"] = [1, 2, 4, 4] }, sampleCount: 4, seed: 3);
        var result = new QdqStaticQuantizer(new StaticQuantizationOptions { PerChannel = perChannel }, data).Apply(StarvedConv());

        var note = result.Report.Notes.FirstOrDefault(n => n.StartsWith("per-tensor weight scales", StringComparison.Ordinal));
        Assert.Equal(warned, note is not null);
        if (warned)
        {
            Assert.Contains("1 of 1 Conv weights", note, StringComparison.Ordinal);
            Assert.Contains("(1 channels in all)", note, StringComparison.Ordinal);
        }
    }
}
