using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;
using Harness.Tests.Cli;

namespace Harness.Tests.Optimize;

/// <summary><c>harness quantize</c>, invoked in-process.</summary>
public sealed class QuantizeCommandTests
{
    private readonly string scratch = TestAssets.NewScratchDirectory("quantize");

    [Fact]
    public void Static_quantization_of_the_classifier_writes_a_smaller_model_and_says_what_it_did()
    {
        var target = Path.Combine(scratch, "cls.int8.onnx");

        var (exit, output, error) = CliHarness.Invoke(
            "quantize", TestAssets.Classifier, "--mode", "static", "--input-shape", "x=1,3,48,192", "--calibration-samples", "4", "-o", target);

        Assert.True(exit == 0, error);
        Assert.Contains($"wrote {target}", output, StringComparison.Ordinal);
        Assert.Matches(@"size: 565\.4 KiB -> \d+\.\d KiB \(\d+\.\d% of the source\)", output);
        Assert.Contains("Conv               int8 (QLinearConv)", output, StringComparison.Ordinal);
        Assert.Contains("HardSigmoid", output, StringComparison.Ordinal); // left in float, with its reason
        Assert.True(new FileInfo(target).Length < new FileInfo(TestAssets.Classifier).Length);
        Assert.Contains(OnnxModel.Load(target).Graph.Node, n => n.OpType == "QuantizeLinear");
        Assert.Single(Directory.EnumerateFileSystemEntries(scratch)); // no scratch folder left behind
    }

    [Fact]
    public void An_output_equal_to_the_source_is_refused_and_the_source_kept()
    {
        var source = Path.Combine(scratch, "cls.onnx");
        File.Copy(TestAssets.Classifier, source);
        var bytes = File.ReadAllBytes(source);

        var (exit, _, error) = CliHarness.Invoke("quantize", source, "--mode", "dynamic", "-o", source);

        Assert.Equal(2, exit);
        Assert.Contains("is the input model itself", error, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(source));
    }

    [Fact]
    public void An_exclude_op_the_model_lacks_is_refused_with_the_near_miss_named()
    {
        var target = Path.Combine(scratch, "never.onnx");

        var (exit, _, error) = CliHarness.Invoke("quantize", TestAssets.Classifier, "--mode", "dynamic", "--exclude-op", "conv", "-o", target);

        Assert.Equal(2, exit);
        Assert.Contains("--exclude-op conv: the model has no conv node (did you mean Conv?)", error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void A_transform_that_changes_nothing_says_so_and_writes_no_variant()
    {
        var source = Path.Combine(scratch, "relu.onnx");
        new GraphBuilder("relu")
            .Input("x", TensorElementType.Float, Dimension.FromInt64(1), Dimension.FromInt64(4))
            .Output("y", TensorElementType.Float, Dimension.FromInt64(1), Dimension.FromInt64(4))
            .Node("Relu", ["x"], ["y"])
            .Build().Save(source);
        var target = Path.Combine(scratch, "relu.int8.onnx");

        var (exit, output, error) = CliHarness.Invoke("quantize", source, "--mode", "dynamic", "-o", target);

        Assert.Equal(2, exit);
        Assert.Contains("changed nothing", error, StringComparison.Ordinal);
        Assert.Contains("Relu", error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrote", output, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Dynamic_quantization_rewrites_inside_If_branches_and_reports_each()
    {
        var source = Path.Combine(scratch, "branchy.onnx");
        var weights = OptimizeModels.Uniform(16, seed: 5);
        var thenBranch = new GraphBuilder("then")
            .Output("y_then", TensorElementType.Float, Dimension.FromInt64(1), Dimension.FromInt64(4))
            .Node("MatMul", ["h", "W"], ["y_then"])
            .BuildProto().Graph;
        var elseBranch = new GraphBuilder("else")
            .Output("y_else", TensorElementType.Float, Dimension.FromInt64(1), Dimension.FromInt64(4))
            .Node("Relu", ["h"], ["y_else"])
            .BuildProto().Graph;
        new GraphBuilder("branchy")
            .Input("cond", TensorElementType.Bool)
            .Input("x", TensorElementType.Float, Dimension.FromInt64(1), Dimension.FromInt64(4))
            .Output("y", TensorElementType.Float, Dimension.FromInt64(1), Dimension.FromInt64(4))
            .Initializer("W", weights, 4, 4)
            .Node("MatMul", ["x", "W"], ["h"])
            .Node(new NodeProto
            {
                OpType = "If", Name = "choose", Input = { "cond" }, Output = { "y" },
                Attribute =
                {
                    new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = thenBranch },
                    new AttributeProto { Name = "else_branch", Type = AttributeProto.Types.AttributeType.Graph, G = elseBranch },
                },
            })
            .Build().Save(source);

        var (exit, output, error) = CliHarness.Invoke("quantize", source, "--mode", "dynamic", "-o", Path.Combine(scratch, "branchy.int8.onnx"));

        Assert.True(exit == 0, error);
        Assert.Contains("If node 'choose' then_branch: 1 of 1 nodes rewritten inside it", output, StringComparison.Ordinal);
        Assert.Contains("If node 'choose' else_branch: 0 of 1 nodes rewritten inside it", output, StringComparison.Ordinal);
        var written = OnnxModel.Load(Path.Combine(scratch, "branchy.int8.onnx")).Graph.Node.Single(n => n.OpType == "If").Attribute.Single(a => a.Name == "then_branch").G;
        Assert.Contains(written.Node, n => n.OpType == "DynamicQuantizeMatMul");
    }

    [Fact]
    public void Fp16_with_kept_io_types_writes_a_float16_model()
    {
        var source = Path.Combine(scratch, "chain.onnx");
        OptimizeModels.Chain().Save(source);
        var target = Path.Combine(scratch, "chain.fp16.onnx");

        var (exit, output, _) = CliHarness.Invoke("quantize", source, "--mode", "fp16", "--keep-io-types", "-o", target);

        Assert.Equal(0, exit);
        Assert.Contains("transformed (fp16)", output, StringComparison.Ordinal);
        Assert.Equal(1, OnnxModel.Load(target).Graph.Input.Single().Type.TensorType.ElemType);
    }

    [Fact]
    public void Modes_are_the_variant_table_names_a_scenario_uses_or_their_short_forms()
    {
        var source = Path.Combine(scratch, "chain.onnx");
        OptimizeModels.Chain().Save(source);
        var byShortName = Path.Combine(scratch, "short.onnx");
        var byScenarioName = Path.Combine(scratch, "scenario.onnx");

        Assert.Equal(0, CliHarness.Invoke("quantize", source, "--mode", "dynamic", "-o", byShortName).ExitCode);
        Assert.Equal(0, CliHarness.Invoke("quantize", source, "--mode", "int8-dynamic", "-o", byScenarioName).ExitCode);
        var (exit, _, error) = CliHarness.Invoke("quantize", source, "--mode", "int3", "-o", Path.Combine(scratch, "x.onnx"));

        Assert.Equal(File.ReadAllBytes(byShortName), File.ReadAllBytes(byScenarioName));
        Assert.NotEqual(0, exit);
        Assert.Contains("int8-dynamic", error, StringComparison.Ordinal);
        Assert.Contains("int4", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_op_it_cannot_quantize_stays_float_and_is_listed()
    {
        var source = Path.Combine(scratch, "erf.onnx");
        OptimizeModels.WithUnsupportedOp().Save(source);

        var (exit, output, _) = CliHarness.Invoke("quantize", source, "--mode", "static", "-o", Path.Combine(scratch, "erf.int8.onnx"));

        Assert.Equal(0, exit);
        Assert.Matches(@"1  Erf\s+op not supported by the static quantizer", output);
        Assert.Contains("MatMul  int8", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_ORT_refuses_gives_ORTs_message_exit_2_and_no_file()
    {
        var source = Path.Combine(scratch, "unknown.onnx");
        OptimizeModels.WithUnknownOp().Save(source);
        var target = Path.Combine(scratch, "out", "unknown.int8.onnx");

        var (exit, output, error) = CliHarness.Invoke("quantize", source, "--mode", "dynamic", "-o", target);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith("error: ONNX Runtime", error, StringComparison.Ordinal);
        Assert.Contains("example.unknown:Mystery", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(scratch, "out")));
    }

    [Fact]
    public void Symbolic_input_dimensions_without_shapes_are_all_named()
    {
        var (exit, _, error) = CliHarness.Invoke("quantize", TestAssets.Classifier, "--mode", "static", "-o", Path.Combine(scratch, "x.onnx"));

        Assert.Equal(2, exit);
        Assert.Contains("'x' dimension 2 ('p2o.DynamicDimension.1'), 'x' dimension 3 ('p2o.DynamicDimension.2')", error, StringComparison.Ordinal);
        Assert.Contains("--input-shape", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Static_quantization_calibrates_an_integer_input_with_the_values_given_for_it()
    {
        var source = Path.Combine(scratch, "rnn.onnx");
        Measure.UserModels.Recurrent().Save(source);
        var target = Path.Combine(scratch, "rnn.int8.onnx");

        var (exit, _, error) = CliHarness.Invoke(
            "quantize", source, "--mode", "static", "--input-shape", "state=2,1,8", "--input", "sr=constant:16000", "--input", "x=uniform:-2:2", "--calibration-samples", "4", "-o", target);

        Assert.True(exit == 0, error);
        Assert.True(File.Exists(target));
    }

    [Fact]
    public void An_integer_input_without_values_is_refused_in_the_commands_own_words()
    {
        var source = Path.Combine(scratch, "rnn.onnx");
        Measure.UserModels.Recurrent().Save(source);

        var (exit, _, error) = CliHarness.Invoke("quantize", source, "--mode", "static", "--input-shape", "state=2,1,8", "-o", Path.Combine(scratch, "x.onnx"));

        Assert.Equal(2, exit);
        Assert.Contains("input 'sr' is int64, and Harness does not guess integer values; give them with --input sr=constant:N", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ICalibrationDataSource", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("--input-shape", "state=2,1,8", "--input-shape", "state=2,1,8", "--input-shape gives 'state' twice")]
    [InlineData("--input-shape", "state=4000000000,4000000000,8", "--input", "sr=constant:1", "asks for more than 268435456 elements")]
    [InlineData("--input-shape", "state=2,1,8", "--input", "sr=constant:0.5", "0.5 is not a valid int64 value")]
    [InlineData("--input-shape", "state=2,1,8", "--input", "rate=constant:1", "--input names 'rate', but")]
    public void Huge_repeated_or_invalid_calibration_inputs_are_refused_with_one_line(string option1, string value1, string option2, string value2, string expected)
    {
        var source = Path.Combine(scratch, "rnn.onnx");
        Measure.UserModels.Recurrent().Save(source);

        var (exit, _, error) = CliHarness.Invoke("quantize", source, "--mode", "static", option1, value1, option2, value2, "--input", "x=uniform:-1:1", "-o", Path.Combine(scratch, "x.onnx"));

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
