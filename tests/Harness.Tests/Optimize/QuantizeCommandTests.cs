using Harness.Onnx.Model;
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
}
