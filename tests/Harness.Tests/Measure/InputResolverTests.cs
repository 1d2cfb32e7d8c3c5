using Harness.Measure;
using Harness.Onnx;
using Harness.Onnx.Runtime;
using Harness.Plan;

namespace Harness.Tests.Measure;

public sealed class InputResolverTests
{
    private static readonly TensorInfo Image = new("x", TensorElementType.Float, [-1, 3, -1, -1], ["n", null, "h", "w"]);

    private static ModelSpec Model(IReadOnlyList<InputSpec>? inputs = null, Dictionary<string, long>? dims = null) =>
        new("m", "m.onnx", inputs ?? [], dims ?? [], null);

    [Fact]
    public void Should_Bind_Batch_From_The_Load_And_Other_Symbols_From_Dims()
    {
        var resolved = Assert.Single(InputResolver.Resolve([Image], Model(dims: new() { ["h"] = 48, ["w"] = 192 }), batchSize: 8));
        Assert.Equal([8, 3, 48, 192], resolved.Shape);
        Assert.Equal(TensorElementType.Float, resolved.ElementType);
    }

    [Fact]
    public void Should_Use_An_Explicit_Shape_With_Its_Own_Symbols()
    {
        var spec = new InputSpec("x", [DimensionSpec.Named("batch"), DimensionSpec.Fixed(3), DimensionSpec.Fixed(32), DimensionSpec.Named("width")], FillSpec.Default(3));
        var resolved = Assert.Single(InputResolver.Resolve([Image], Model([spec], new() { ["width"] = 100 }), batchSize: 2));
        Assert.Equal([2, 3, 32, 100], resolved.Shape);
        Assert.Equal(3, resolved.Fill.Seed);
    }

    [Fact]
    public void Should_Refuse_A_Size_That_Contradicts_A_Fixed_Dimension()
    {
        var spec = new InputSpec("x", [DimensionSpec.Named("batch"), DimensionSpec.Fixed(1), DimensionSpec.Fixed(32), DimensionSpec.Fixed(32)], FillSpec.Default(1));
        var error = Assert.Throws<InputSpecException>(() => InputResolver.Resolve([Image], Model([spec]), 1));
        Assert.Equal("model 'm' input 'x' dimension 1 is fixed at 3, but the scenario asks for 1", error.Message);
    }

    [Fact]
    public void Should_Refuse_Batching_A_Model_With_A_Fixed_Batch_Dimension()
    {
        TensorInfo fixedBatch = new("x", TensorElementType.Float, [1, 4], [null, null]);
        var error = Assert.Throws<InputSpecException>(() => InputResolver.Resolve([fixedBatch], Model(), 4));
        Assert.Contains("fixed batch dimension of 1; batch size 4 needs a model with a dynamic first dimension", error.Message, StringComparison.Ordinal);
        Assert.Equal([1, 4], Assert.Single(InputResolver.Resolve([fixedBatch], Model(), 1)).Shape);
    }

    [Fact]
    public void Should_Refuse_An_Unbound_Symbol_And_Inputs_That_Are_Not_Tensors()
    {
        var spec = new InputSpec("x", [DimensionSpec.Named("batch"), DimensionSpec.Fixed(3), DimensionSpec.Named("height"), DimensionSpec.Fixed(8)], FillSpec.Default(1));
        Assert.Contains("symbol 'height' is not bound", Assert.Throws<InputSpecException>(() => InputResolver.Resolve([Image], Model([spec]), 1)).Message, StringComparison.Ordinal);
        TensorInfo sequence = new("s", TensorElementType.Undefined, [], []) { IsTensor = false };
        Assert.Contains("not a numeric tensor", Assert.Throws<InputSpecException>(() => InputResolver.Resolve([sequence], Model(), 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Generate_The_Same_Seeded_Data_Every_Time()
    {
        var uniform = new FillSpec(FillKind.Uniform, -1, 1, 0, 1, 42);
        var first = TensorFactory.Generate(uniform, 10_000);
        Assert.Equal(first, TensorFactory.Generate(uniform, 10_000));
        Assert.All(first, v => Assert.InRange(v, -1, 1));
        Assert.InRange(first.Average(), -0.05, 0.05);
        var normal = TensorFactory.Generate(new FillSpec(FillKind.Normal, 0, 1, 5, 2, 7), 20_000);
        var mean = normal.Average();
        var sd = Math.Sqrt(normal.Sum(v => (v - mean) * (v - mean)) / (normal.Length - 1));
        Assert.InRange(mean, 4.95, 5.05);
        Assert.InRange(sd, 1.95, 2.05);
    }
}
