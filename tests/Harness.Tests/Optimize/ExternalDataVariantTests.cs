using Harness.Onnx.Model;
using Harness.Optimize.Precision;
using Harness.Optimize.Quantization.Calibration;
using Harness.Optimize.Quantization.Static;
using Harness.Optimize.Variants;
using Harness.Tests.Runtime;

namespace Harness.Tests.Optimize;

/// <summary>Models whose weights live in external data files: read for rewriting, carried over when untouched, hashed for the cache.</summary>
public sealed class ExternalDataVariantTests
{
    private readonly string scratch = TestAssets.NewScratchDirectory("external-variants");

    [Fact]
    public void Static_quantization_reads_external_weights_and_keeps_untouched_ones_external()
    {
        var sourcePath = ChainWithExternalWeights();
        var source = OnnxModel.Load(sourcePath);
        var data = new RandomCalibrationData(new Dictionary<string, long[]> { ["x"] = [1, 2, 8, 8] }, sampleCount: 4, seed: 5);
        var options = new StaticQuantizationOptions { PerChannel = true, ExcludedNodes = ["Conv_3"] };

        var result = new QdqStaticQuantizer(options, data).Apply(source);
        var target = Path.Combine(scratch, "out", "chain.int8.onnx");
        result.Model.Save(target);

        // W1 was quantized from the external file; W2 (its Conv excluded) stays float, stored beside the variant.
        var saved = OnnxModel.Load(target);
        Assert.True(saved.HasExternalData);
        Assert.True(File.Exists(OnnxModel.ExternalDataPathFor(target)));
        Assert.Contains(saved.Graph.Initializer, t => t.Name == "W1_quantized");
        Assert.True(TensorData.IsExternal(saved.Graph.Initializer.Single(t => t.Name == "W2")));

        var x = OptimizeModels.Uniform(128, seed: 14);
        using var options1 = OrtTestContext.SingleThreadOptions();
        using var reference = Onnx.Runtime.InferenceSession.FromFile(OrtTestContext.Environment, sourcePath, options1);
        using var variant = Onnx.Runtime.InferenceSession.FromFile(OrtTestContext.Environment, target, options1);
        Assert.InRange(ModelRunner.MaxAbsDifference(ModelRunner.Run(reference, "x", x, [1, 2, 8, 8]), ModelRunner.Run(variant, "x", x, [1, 2, 8, 8])), 0, 0.03f);
    }

    [Fact]
    public void The_cache_key_follows_the_external_data()
    {
        var sourcePath = ChainWithExternalWeights();
        var spec = VariantSpec.Of(new Float16Converter(new Float16Options()));
        var before = VariantCache.ComputeKey(sourcePath, spec);

        var weights = Path.Combine(scratch, "weights.bin");
        var bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(weights, bytes);

        Assert.NotEqual(before, VariantCache.ComputeKey(sourcePath, spec));
    }

    /// <summary>The chain model with both convolution weights moved into weights.bin.</summary>
    private string ChainWithExternalWeights()
    {
        var model = OptimizeModels.Chain();
        var path = Path.Combine(scratch, "chain.onnx");
        using var file = new FileStream(Path.Combine(scratch, "weights.bin"), FileMode.Create);
        foreach (var name in new[] { "W1", "W2" })
        {
            var tensor = model.FindInitializer(name)!;
            var bytes = TensorData.GetBytes(tensor);
            var offset = file.Position;
            file.Write(bytes);
            new ExternalDataReference("weights.bin", offset, bytes.Length).WriteTo(tensor);
        }

        File.WriteAllBytes(path, model.ToBytes());
        return path;
    }
}
