using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Tests.Cli;
using Harness.Tests.Runtime;

namespace Harness.Tests.Verify;

/// <summary>
/// <c>harness convert</c> must not change what a model computes: the converted PaddleOCR models give
/// bit-identical outputs to the originals in ONNX Runtime, on the same seeded input and the same
/// (single-threaded, so deterministic) session options.
/// </summary>
public sealed class ConvertKeepsOutputsTests
{
    private readonly string scratch = TestAssets.NewScratchDirectory("convert-outputs");

    public static TheoryData<string, long[]> Models() => new()
    {
        { nameof(TestAssets.Classifier), [1, 3, 48, 192] },
        { nameof(TestAssets.Recognizer), [1, 3, 48, 320] },
        { nameof(TestAssets.Detector), [1, 3, 320, 320] },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Converted_model_gives_bit_identical_outputs(string model, long[] shape)
    {
        var original = model switch
        {
            nameof(TestAssets.Classifier) => TestAssets.Classifier,
            nameof(TestAssets.Recognizer) => TestAssets.Recognizer,
            _ => TestAssets.Detector,
        };
        var converted = Path.Combine(scratch, Path.GetFileName(original));
        var (exitCode, _, error) = CliHarness.InvokeCaptured("convert", original, converted);
        Assert.True(exitCode == 0, error);
        var input = SeededInput(shape, seed: 42);

        var before = RunOnce(original, input);
        var after = RunOnce(converted, input);

        Assert.NotEmpty(before);
        Assert.Equal(before.Length, after.Length);
        for (var i = 0; i < before.Length; i++)
        {
            Assert.True(before[i].Equals(after[i]), $"{model}: output {before[i]} differs from {after[i]} after convert");
        }
    }

    private static TensorValue[] RunOnce(string modelPath, TensorValue input)
    {
        using var options = OrtTestContext.SingleThreadOptions();
        using var session = InferenceSession.FromFile(OrtTestContext.Environment, modelPath, options);
        var names = session.Outputs.Select(o => o.Name).ToArray();
        using var value = input.WithName(session.Inputs[0].Name).ToOrtValue();
        var outputs = session.Run([session.Inputs[0].Name], [value], names);
        try
        {
            return outputs.Select((o, i) => o.ToTensorValue(names[i])).ToArray();
        }
        finally
        {
            foreach (var output in outputs)
            {
                output.Dispose();
            }
        }
    }

    private static TensorValue SeededInput(long[] shape, int seed)
    {
        var random = new Random(seed);
        var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return TensorValue.Create("x", values, shape);
    }
}
