using Harness.Measure;
using Harness.Onnx;
using Harness.Plan;
using Harness.Prepare;

namespace Harness.Tests.Optimize;

public sealed class SeededCalibrationDataTests
{
    [Fact]
    public void Should_Draw_Each_Input_From_Its_Own_Fill_In_Its_Own_Type()
    {
        ResolvedInput[] inputs =
        [
            new("x", TensorElementType.Float, [1, 4], new FillSpec(FillKind.Uniform, 5, 6, 0, 1, 1)),
            new("sr", TensorElementType.Int64, [], FillSpec.Constant(16000, 2)),
            new("ids", TensorElementType.Int32, [1, 8], FillSpec.OfValues([3, 9], 3)),
        ];
        var data = new SeededCalibrationData(inputs, sampleCount: 3, seed: 42);

        var samples = data.Samples().ToList();

        Assert.Equal(3, samples.Count);
        Assert.All(samples, s => Assert.All(s[0].ToArray<float>(), v => Assert.InRange(v, 5f, 6f)));
        Assert.All(samples, s => Assert.Equal([16000L], s[1].ToArray<long>()));
        Assert.All(samples, s => Assert.All(s[2].ToArray<int>(), v => Assert.Contains(v, new[] { 3, 9 })));
        Assert.NotEqual(samples[0][0].ToArray<float>(), samples[1][0].ToArray<float>());
        Assert.Equal(samples[0][0].ToArray<float>(), data.Samples().First()[0].ToArray<float>());
        Assert.Equal("seeded inputs, 3 samples, seed 42; ids int32 [1, 8] values [3, 9] seed 3; sr int64 [] constant 16000; x float32 [1, 4] uniform [5, 6) seed 1", data.Description);
    }
}
