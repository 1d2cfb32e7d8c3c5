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
        var error = Assert.Throws<FixedBatchException>(() => InputResolver.Resolve([fixedBatch], Model(), 4));
        Assert.StartsWith("model 'm' has its batch dimension fixed at 1 (input 'x' is [1, 4]), so it cannot run 4 samples per inference", error.Message, StringComparison.Ordinal);
        Assert.Equal([1, 4], Assert.Single(InputResolver.Resolve([fixedBatch], Model(), 1)).Shape);
    }

    [Fact]
    public void Should_Batch_Along_A_Declared_Axis_And_Share_An_Input_Without_One()
    {
        TensorInfo state = new("state", TensorElementType.Float, [2, -1, 8], [null, "batch", null]);
        TensorInfo rate = new("sr", TensorElementType.Int64, [], []);
        var sr = new InputSpec("sr", null, FillSpec.Constant(16000, 1));
        var resolved = InputResolver.Resolve([state, rate], Model([sr]), 4);
        Assert.Equal([2, 4, 8], resolved[0].Shape);
        Assert.Equal(1, resolved[0].BatchAxis);
        Assert.Equal([], resolved[1].Shape);
        Assert.Null(resolved[1].BatchAxis);

        // An unnamed dynamic axis, declared in the scenario instead.
        TensorInfo unnamed = new("state", TensorElementType.Float, [2, -1, 8], [null, "n", null]);
        var declared = new InputSpec("state", null, FillSpec.Default(1)) { BatchAxis = 1 };
        Assert.Equal([2, 3, 8], Assert.Single(InputResolver.Resolve([unnamed], Model([declared]), 3)).Shape);
        var explicitShape = new InputSpec("state", [DimensionSpec.Fixed(2), DimensionSpec.Named("batch"), DimensionSpec.Fixed(8)], FillSpec.Default(1));
        Assert.Equal(1, Assert.Single(InputResolver.Resolve([unnamed], Model([explicitShape]), 3)).BatchAxis);
    }

    [Fact]
    public void Should_Refuse_To_Guess_An_Integer_Input_And_A_Fill_Its_Type_Cannot_Hold()
    {
        TensorInfo rate = new("sr", TensorElementType.Int64, [1], [null]);
        var guessed = Assert.Throws<InputSpecException>(() => InputResolver.Resolve([rate], Model(), 1));
        Assert.Contains("model 'm' input 'sr' is int64, and Harness does not guess integer values", guessed.Message, StringComparison.Ordinal);

        var fraction = new InputSpec("sr", null, FillSpec.Constant(0.5, 1));
        Assert.Equal(
            "model 'm' input 'sr' is int64: 0.5 is not a valid int64 value (whole numbers from -9007199254740992 to 9007199254740992)",
            Assert.Throws<InputSpecException>(() => InputResolver.Resolve([rate], Model([fraction]), 1)).Message);
        var empty = new InputSpec("sr", null, new FillSpec(FillKind.Uniform, 0.2, 0.9, 0, 1, 1));
        Assert.Contains("holds no whole number", Assert.Throws<InputSpecException>(() => InputResolver.Resolve([rate], Model([empty]), 1)).Message, StringComparison.Ordinal);
        TensorInfo flag = new("flag", TensorElementType.UInt8, [1], [null]);
        var outside = new InputSpec("flag", null, FillSpec.OfValues([1, 300], 1));
        Assert.Contains("300 is not a valid uint8 value", Assert.Throws<InputSpecException>(() => InputResolver.Resolve([flag], Model([outside]), 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Draw_Whole_Numbers_For_An_Integer_Range_And_Only_The_Listed_Values()
    {
        // Before typed fills, uniform [0, 10) on an integer input floored reals; [0, 1) gave all zeros.
        var integers = TensorFactory.Generate(new FillSpec(FillKind.Uniform, 0, 10, 0, 1, 3), 5_000, integral: true);
        Assert.All(integers, v => Assert.Equal(Math.Floor(v), v));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (double)i), integers.Distinct().Order());
        Assert.Equal([0d, 1d], TensorFactory.Generate(new FillSpec(FillKind.Uniform, 0, 2, 0, 1, 3), 1_000, integral: true).Distinct().Order());
        Assert.Equal([3d, 7d], TensorFactory.Generate(FillSpec.OfValues([3, 7], 5), 1_000).Distinct().Order());
        Assert.All(TensorFactory.Generate(FillSpec.Constant(16000, 5), 10), v => Assert.Equal(16000, v));
    }

    [Theory]
    [InlineData("constant:16000", FillKind.Constant, "constant 16000")]
    [InlineData("uniform:-1:1", FillKind.Uniform, "uniform [-1, 1) seed 4")]
    [InlineData("values:1,2,3", FillKind.Values, "values [1, 2, 3] seed 4")]
    [InlineData("normal:0:2", FillKind.Normal, "normal mean 0 std 2 seed 4")]
    [InlineData("zeros", FillKind.Zeros, "zeros")]
    public void Should_Read_The_Short_Fill_Form(string text, FillKind kind, string described)
    {
        var fill = Fills.TryParse(text, 4, out var problem);
        Assert.Equal(string.Empty, problem);
        Assert.Equal(kind, fill!.Kind);
        Assert.Equal(described, fill.ToString());
    }

    [Theory]
    [InlineData("constant", "wrong number of values")]
    [InlineData("uniform:1:0", "'high' (0) must be above 'low' (1)")]
    [InlineData("gaussian:0:1", "'gaussian:0:1' is not a fill")]
    [InlineData("values:1,x", "'x' in fill 'values:1,x' is not a number")]
    public void Should_Refuse_A_Short_Fill_That_Is_Not_One(string text, string expected)
    {
        Assert.Null(Fills.TryParse(text, 4, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
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
