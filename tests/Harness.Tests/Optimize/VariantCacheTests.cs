using Harness.Onnx.Model;
using Harness.Optimize.Precision;
using Harness.Optimize.Quantization.Dynamic;
using Harness.Optimize.Variants;

namespace Harness.Tests.Optimize;

public sealed class VariantCacheTests
{
    private readonly string scratch = TestAssets.NewScratchDirectory("variants");

    [Fact]
    public void The_second_call_is_a_hit_and_builds_nothing()
    {
        var source = SaveModel(OptimizeModels.MatMulAdd());
        var cache = new VariantCache(Path.Combine(scratch, "cache"));
        var transform = new DynamicQuantizer(new DynamicQuantizationOptions());

        var first = cache.GetOrCreate(source, transform);
        var second = cache.GetOrCreate(source, VariantSpec.Of(transform), _ => throw new InvalidOperationException("must not build on a hit"));

        Assert.False(first.Hit);
        Assert.True(second.Hit);
        Assert.Equal(first.ModelPath, second.ModelPath);
        Assert.Equal("DynamicQuantizeMatMul", OnnxModel.Load(second.ModelPath).Graph.Node.Single().OpType);
        Assert.Equal("int8-dynamic", VariantCache.ReadReport(second)!.Transform);
    }

    [Fact]
    public void Another_spec_or_version_or_source_is_another_entry()
    {
        var source = SaveModel(OptimizeModels.MatMulAdd());
        var other = SaveModel(OptimizeModels.ConvRelu());
        var spec = VariantSpec.Of(new Float16Converter(new Float16Options()));

        var keys = new[]
        {
            VariantCache.ComputeKey(source, spec),
            VariantCache.ComputeKey(source, VariantSpec.Of(new Float16Converter(new Float16Options { KeepIoTypes = true }))),
            VariantCache.ComputeKey(source, spec with { Version = spec.Version + 1 }),
            VariantCache.ComputeKey(other, spec),
        };

        Assert.Equal(4, keys.Distinct().Count());
        Assert.Equal(keys[0], VariantCache.ComputeKey(source, spec));
    }

    [Fact]
    public void Equal_options_in_another_order_give_the_same_spec()
    {
        var a = new DynamicQuantizer(new DynamicQuantizationOptions { ExcludedNodes = ["b", "a"], ExcludedOpTypes = ["Gemm"] });
        var b = new DynamicQuantizer(new DynamicQuantizationOptions { ExcludedOpTypes = ["Gemm"], ExcludedNodes = ["a", "b", "a"] });

        Assert.Equal(a.Spec, b.Spec);
        Assert.DoesNotContain(" ", a.Spec, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_build_leaves_nothing_in_the_cache()
    {
        var source = SaveModel(OptimizeModels.MatMulAdd());
        var root = Path.Combine(scratch, "cache");
        var cache = new VariantCache(root);
        var spec = new VariantSpec("test", "{}", 1);

        var error = Assert.Throws<InvalidOperationException>(() => cache.GetOrCreate(source, spec, target =>
        {
            File.WriteAllText(target, "half a model");
            throw new InvalidOperationException("build failed");
        }));

        Assert.Equal("build failed", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
        Assert.False(cache.GetOrCreate(source, spec, target => File.WriteAllText(target, "whole")).Hit);
    }

    [Fact]
    public void A_variant_ORT_refuses_never_enters_the_cache()
    {
        var source = SaveModel(OptimizeModels.WithUnknownOp());
        var root = Path.Combine(scratch, "cache");
        var cache = new VariantCache(root);

        var error = Assert.Throws<Harness.Optimize.Graph.ModelRewriteException>(() => cache.GetOrCreate(source, new DynamicQuantizer(new DynamicQuantizationOptions())));

        Assert.Contains("Mystery", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
    }

    private string SaveModel(OnnxModel model)
    {
        var path = Path.Combine(scratch, Guid.NewGuid().ToString("N")[..8] + ".onnx");
        model.Save(path);
        return path;
    }
}
