using Harness.Onnx;
using Harness.Onnx.Cost;
using Harness.Onnx.Model;

namespace Harness.Tests.Cost;

/// <summary>
/// Operations and bytes counted from small graphs, each checked against the count worked out by
/// hand in the test (a multiply-accumulate is two operations, an elementwise output element one).
/// </summary>
public sealed class ModelCostCounterTests
{
    private static Dictionary<string, IReadOnlyList<long>> Shapes(string name, params long[] dims) => new() { [name] = dims };

    [Fact]
    public void A_padded_convolution_and_its_activation_are_counted_at_the_given_batch()
    {
        var model = new GraphBuilder("conv")
            .Input("x", TensorElementType.Float, "batch", 3, 8, 8)
            .Initializer("w", new float[4 * 3 * 3 * 3], 4, 3, 3, 3)
            .Node("Conv", ["x", "w"], ["y"], NodeAttribute.Ints("pads", 1, 1, 1, 1))
            .Node("Relu", ["y"], ["z"])
            .Output("z", TensorElementType.Float, "batch", 4, 8, 8)
            .Build();

        var cost = ModelCostCounter.Count(model, Shapes("x", 2, 3, 8, 8));

        // y is [2, 4, 8, 8] = 512 elements, each a 3·3·3 = 27 MAC window: 2·512·27 = 27,648; Relu adds 512.
        Assert.Equal(27_648 + 512, cost.FloatOperations);
        Assert.Equal(0, cost.IntegerOperations);
        // Conv reads x (384 floats) and w (108), writes y (512); Relu reads and writes 512 each.
        Assert.Equal(4.0 * (384 + 108 + 512 + 512 + 512), cost.Bytes);
        Assert.Equal(2, cost.CountedNodes);
        Assert.Empty(cost.NotCounted);
    }

    [Fact]
    public void A_strided_depthwise_convolution_counts_one_input_channel_per_output()
    {
        var model = new GraphBuilder("depthwise")
            .Input("x", TensorElementType.Float, 1, 8, 9, 9)
            .Initializer("w", new float[8 * 9], 8, 1, 3, 3)
            .Node("Conv", ["x", "w"], ["y"], NodeAttribute.Int("group", 8), NodeAttribute.Ints("strides", 2, 2))
            .Output("y", TensorElementType.Float, 1, 8, 4, 4)
            .Build();

        var cost = ModelCostCounter.Count(model, new Dictionary<string, IReadOnlyList<long>>());

        // (9 − 3) / 2 + 1 = 4, so y is [1, 8, 4, 4] = 128 elements of a 1·3·3 window: 2·128·9.
        Assert.Equal(2_304, cost.FloatOperations);
    }

    [Fact]
    public void Gemm_and_a_batched_MatMul_count_two_operations_per_multiply_accumulate()
    {
        var model = new GraphBuilder("gemm")
            .Input("a", TensorElementType.Float, 2, 5)
            .Input("x", TensorElementType.Float, 2, 4, 5)
            .Initializer("b", new float[15], 3, 5)
            .Initializer("w", new float[30], 5, 6)
            .Initializer("bias", new float[6], 6)
            .Node("Gemm", ["a", "b"], ["g"], NodeAttribute.Int("transB", 1))
            .Node("MatMul", ["x", "w"], ["m"])
            .Node("Add", ["m", "bias"], ["y"])
            .Output("g", TensorElementType.Float, 2, 3)
            .Output("y", TensorElementType.Float, 2, 4, 6)
            .Build();

        var cost = ModelCostCounter.Count(model, new Dictionary<string, IReadOnlyList<long>>());

        // Gemm: [2, 5]·[5, 3]ᵀ → 6 outputs × K 5 × 2 = 60. MatMul: [2, 4, 5]·[5, 6] → 48 × 5 × 2 = 480.
        // Add broadcasts [6] over [2, 4, 6]: 48.
        Assert.Equal(60 + 480 + 48, cost.FloatOperations);
    }

    [Fact]
    public void Integer_matrix_products_and_convolutions_are_kept_apart_from_float_ones()
    {
        var model = new GraphBuilder("int8")
            .Input("x", TensorElementType.UInt8, 4, 16)
            .Input("image", TensorElementType.UInt8, 1, 2, 5, 5)
            .Initializer("w", new sbyte[16 * 8], 16, 8)
            .Initializer("k", new sbyte[3 * 2 * 3 * 3], 3, 2, 3, 3)
            .Initializer("s", new[] { 0.1f })
            .Initializer("zu", new byte[] { 128 })
            .Initializer("zs", new sbyte[] { 0 })
            .Node("MatMulInteger", ["x", "w"], ["acc"])
            .Node("QLinearConv", ["image", "s", "zu", "k", "s", "zs", "s", "zu"], ["q"])
            .Output("acc", TensorElementType.Int32, 4, 8)
            .Output("q", TensorElementType.UInt8, 1, 3, 3, 3)
            .Build();

        var cost = ModelCostCounter.Count(model, new Dictionary<string, IReadOnlyList<long>>());

        // MatMulInteger: 32 outputs × K 16 × 2 = 1,024. QLinearConv: [1, 3, 3, 3] = 27 outputs × 2·3·3 × 2 = 972.
        Assert.Equal(1_024 + 972, cost.IntegerOperations);
        Assert.Equal(0, cost.FloatOperations);
        // MatMulInteger reads 64 + 128 bytes and writes 32 int32 (128 bytes); QLinearConv reads
        // 50 + 54 bytes, three scales (12), two uint8 and one int8 zero point (3), writes 27.
        Assert.Equal(64 + 128 + 128 + 50 + 54 + 12 + 3 + 27, cost.Bytes);
    }

    [Fact]
    public void MatMulNBits_counts_its_K_and_N_attributes_and_reads_the_packed_weights()
    {
        var node = new Onnx.Model.Proto.NodeProto { OpType = "MatMulNBits", Domain = "com.microsoft" };
        node.Input.Add(["a", "b", "scales"]);
        node.Output.Add("y");
        node.Attribute.Add([NodeAttribute.Int("K", 16), NodeAttribute.Int("N", 8), NodeAttribute.Int("bits", 4), NodeAttribute.Int("block_size", 16)]);
        var model = new GraphBuilder("nbits")
            .Opset(1, "com.microsoft")
            .Input("a", TensorElementType.Float, "rows", 16)
            .Initializer("b", new byte[8 * 1 * 8], 8, 1, 8)
            .Initializer("scales", new float[8], 8)
            .Node(node)
            .Output("y", TensorElementType.Float, "rows", 8)
            .Build();

        var cost = ModelCostCounter.Count(model, Shapes("a", 3, 16));

        // [3, 16] → [3, 8]: 24 outputs × K 16 × 2 = 768; reads a (48 floats), 64 packed bytes, 8 scales; writes 24 floats.
        Assert.Equal(768, cost.FloatOperations);
        Assert.Equal(4 * 48 + 64 + 4 * 8 + 4 * 24, cost.Bytes);
    }

    [Fact]
    public void A_reshape_computed_from_shapes_is_folded_and_an_op_without_a_shape_rule_stops_the_count()
    {
        var model = new GraphBuilder("reshape")
            .Input("x", TensorElementType.Float, "batch", 3, 4)
            .Initializer("first", new long[] { 0 })
            .Initializer("axes", new long[] { 0 }, 1)
            .Initializer("rest", new long[] { -1 }, 1)
            .Initializer("w", new float[12 * 5], 12, 5)
            .Node("Shape", ["x"], ["shape"])
            .Node("Gather", ["shape", "first"], ["batch"])
            .Node("Unsqueeze", ["batch", "axes"], ["batch1"])
            .Node("Concat", ["batch1", "rest"], ["flat"], NodeAttribute.Int("axis", 0))
            .Node("Reshape", ["x", "flat"], ["x2"])
            .Node("MatMul", ["x2", "w"], ["y"])
            .Node("NonZero", ["y"], ["where"])
            .Node("Relu", ["where"], ["z"])
            .Output("z", TensorElementType.Int64, 2, "n")
            .Build();

        var cost = ModelCostCounter.Count(model, Shapes("x", 2, 3, 4));

        // Shape [2, 3, 4] → Gather 2 → [2] → Concat [2, −1] → Reshape to [2, 12]; MatMul → [2, 5]: 10 × 12 × 2 = 240.
        Assert.Equal(240, cost.FloatOperations);
        Assert.Equal(1, cost.CountedNodes);
        Assert.Contains(new UncountedOps("Relu", 1, UncountedOps.ShapeUnknown), cost.NotCounted);
        Assert.Contains(new UncountedOps("NonZero", 1, UncountedOps.NoCostRule), cost.NotCounted);
        Assert.Contains(new UncountedOps("Reshape", 1, UncountedOps.NoCostRule), cost.NotCounted);
    }

    [Fact]
    public void In_a_QDQ_model_a_convolution_between_dequantized_int8_tensors_is_integer_work()
    {
        var model = new GraphBuilder("qdq")
            .Input("x", TensorElementType.Float, 1, 2, 5, 5)
            .Initializer("s", new[] { 0.1f })
            .Initializer("zu", new byte[] { 128 })
            .Initializer("zs", new sbyte[] { 0 })
            .Initializer("wq", new sbyte[3 * 2 * 3 * 3], 3, 2, 3, 3)
            .Node("QuantizeLinear", ["x", "s", "zu"], ["xq"])
            .Node("DequantizeLinear", ["xq", "s", "zu"], ["xd"])
            .Node("DequantizeLinear", ["wq", "s", "zs"], ["wd"])
            .Node("Conv", ["xd", "wd"], ["y"])
            .Output("y", TensorElementType.Float, 1, 3, 3, 3)
            .Build();

        var cost = ModelCostCounter.Count(model, new Dictionary<string, IReadOnlyList<long>>());

        // [1, 3, 3, 3] = 27 outputs × a 2·3·3 window × 2 = 972, run by ONNX Runtime as QLinearConv.
        Assert.Equal(972, cost.IntegerOperations);
        Assert.Equal(0, cost.FloatOperations);
    }

    [Fact]
    public void Arithmetic_intensity_is_operations_per_byte()
    {
        var cost = new ModelCost(FloatOperations: 300, IntegerOperations: 100, Bytes: 200, CountedNodes: 2, NotCounted: []);

        Assert.Equal(2.0, cost.ArithmeticIntensity);
    }
}
