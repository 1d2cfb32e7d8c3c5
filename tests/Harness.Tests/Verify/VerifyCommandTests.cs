using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Tests.Cli;
using Harness.Tests.Runtime;

namespace Harness.Tests.Verify;

/// <summary><c>harness verify</c> in-process: its lines, its exit codes 0/1/2, and its one-line user errors.</summary>
public sealed partial class VerifyCommandTests
{
    private readonly string scratch = TestAssets.NewScratchDirectory("verify-cli");

    [Fact]
    public void A_correct_folder_prints_a_pass_line_per_set_and_exits_0()
    {
        ReluMatMulModel.WriteFolder(scratch, ReluMatMulModel.Set(1, 1), ReluMatMulModel.Set(2, 2));

        var (exitCode, output, error) = Verify(scratch);

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        var lines = Lines(output);
        Assert.Equal(3, lines.Length);
        Assert.Matches(PassLine("test_data_set_0"), lines[0]);
        Assert.Matches(PassLine("test_data_set_1"), lines[1]);
        Assert.Equal("2 sets: 2 passed, 0 failed", lines[2]);
    }

    [Fact]
    public void A_value_beyond_the_tolerance_names_the_set_and_the_error_and_exits_1()
    {
        var bad = ReluMatMulModel.Set(4, 2);
        var index = ReluMatMulModel.LargestExpected(bad);
        var expected = bad.ExpectedOutputs[0].ToArray<float>()[index];
        ReluMatMulModel.WriteFolder(scratch, ReluMatMulModel.Set(1, 1), ReluMatMulModel.WithExpected(bad, index, v => v + 0.05f));

        var (exitCode, output, _) = Verify(scratch);

        Assert.Equal(1, exitCode);
        var lines = Lines(output);
        Assert.Matches(PassLine("test_data_set_0"), lines[0]);
        Assert.Equal("test_data_set_1  fail  max abs 5.0e-02", lines[1]);
        Assert.StartsWith("    y: 1 of 12 elements differ (rtol 1.0e-03, atol 1.0e-05); max abs 5.0e-02, max rel ", lines[2], StringComparison.Ordinal);
        var perturbed = (expected + 0.05f).ToString(CultureInfo.InvariantCulture);
        Assert.Contains($"; worst at [{index / 3}, {index % 3}]: expected {perturbed}, got ", lines[2], StringComparison.Ordinal);
        Assert.Equal("2 sets: 1 passed, 1 failed", lines[3]);
    }

    [Fact]
    public void An_expected_output_of_another_shape_leads_with_the_mismatch_not_a_zero_error()
    {
        var set = ReluMatMulModel.Set(2, 1);
        var expected = set.ExpectedOutputs[0];
        var reshaped = TensorValue.Create("y", expected.ToArray<float>(), 3, 2);
        ReluMatMulModel.WriteFolder(scratch, set with { ExpectedOutputs = [reshaped] });

        var (exitCode, output, _) = Verify(scratch);

        Assert.Equal(1, exitCode);
        var first = Lines(output)[0];
        Assert.StartsWith("test_data_set_0  fail  1 of 1 outputs not comparable (y: ", first, StringComparison.Ordinal);
        Assert.DoesNotContain("max abs", first, StringComparison.Ordinal);
    }

    [Fact]
    public void A_looser_rtol_accepts_what_the_default_rejects()
    {
        var set = ReluMatMulModel.Set(4, 2);
        ReluMatMulModel.WriteFolder(scratch, ReluMatMulModel.WithExpected(set, ReluMatMulModel.LargestExpected(set), v => v * 1.01f));

        Assert.Equal(1, Verify(scratch).ExitCode);
        Assert.Equal(0, Verify(scratch, "--rtol", "0.02").ExitCode);
        Assert.Equal(0, Verify(scratch, "--rtol", "0", "--atol", "0.1").ExitCode);
    }

    [Fact]
    public void An_input_that_does_not_fit_fails_its_set_with_ORTs_message_and_the_others_still_run()
    {
        var misfit = new TestDataSet("", [TensorValue.Create("x", new float[10], 2, 5)], [TensorValue.Create("y", new float[6], 2, 3)]);
        ReluMatMulModel.WriteFolder(scratch, ReluMatMulModel.Set(1, 1), misfit, ReluMatMulModel.Set(3, 3));

        var (exitCode, output, error) = Verify(scratch);

        Assert.Equal(1, exitCode);
        Assert.Empty(error);
        var lines = Lines(output);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("test_data_set_1  fail  [InvalidArgument] Got invalid dimensions for input: x", lines[1], StringComparison.Ordinal);
        Assert.Matches(PassLine("test_data_set_2"), lines[2]);
        Assert.Equal("3 sets: 2 passed, 1 failed", lines[3]);
    }

    [Fact]
    public void Json_prints_the_result_record()
    {
        var set = ReluMatMulModel.Set(2, 2);
        ReluMatMulModel.WriteFolder(scratch, set, ReluMatMulModel.WithExpected(set, 4, v => v + 1));

        var (exitCode, output, _) = Verify(scratch, "--json");

        Assert.Equal(1, exitCode);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(Path.Combine(scratch, "model.onnx"), root.GetProperty("modelPath").GetString());
        Assert.Equal(1, root.GetProperty("failedCount").GetInt32());
        var output1 = root.GetProperty("sets")[1].GetProperty("outputs")[0];
        Assert.False(output1.GetProperty("passed").GetBoolean());
        Assert.Equal(4, output1.GetProperty("worstIndex").GetInt64());
        Assert.Equal(1, output1.GetProperty("mismatchCount").GetInt64());
    }

    [Fact]
    public void The_real_classifier_passes_against_outputs_ORT_produced_from_it()
    {
        // The sets come from the original model file, and model.onnx is a byte copy of it.
        TestDataDirectory.Write(scratch, OnnxModel.Load(TestAssets.Classifier), [ClassifierSet(seed: 1), ClassifierSet(seed: 2)]);
        File.Copy(TestAssets.Classifier, Path.Combine(scratch, TestDataDirectory.ModelFileName), overwrite: true);

        var (exitCode, output, error) = Verify(scratch);

        Assert.True(exitCode == 0, output + error);
        Assert.EndsWith("2 sets: 2 passed, 0 failed", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_a_user_error()
    {
        var missing = Path.Combine(scratch, "nope");

        AssertUserError(Verify(missing), "does not exist");
    }

    [Fact]
    public void A_folder_without_model_onnx_is_a_user_error()
    {
        Directory.CreateDirectory(Path.Combine(scratch, "test_data_set_0"));

        AssertUserError(Verify(scratch), "has no model.onnx");
    }

    [Fact]
    public void A_corrupt_pb_file_is_a_user_error()
    {
        ReluMatMulModel.WriteFolder(scratch, ReluMatMulModel.Set(1, 1));
        var corrupt = Path.Combine(scratch, "test_data_set_0", "input_0.pb");
        File.WriteAllBytes(corrupt, [0x0A, 0xFF, 0xFF, 0xFF]);

        AssertUserError(Verify(scratch), corrupt);
    }

    [Fact]
    public void A_garbage_model_file_is_a_user_error()
    {
        ReluMatMulModel.WriteFolder(scratch, ReluMatMulModel.Set(1, 1));
        var bytes = new byte[512];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(scratch, "model.onnx"), bytes);

        AssertUserError(Verify(scratch), "model.onnx");
    }

    [Fact]
    public void A_model_ORT_refuses_is_a_user_error()
    {
        var model = new GraphBuilder("unknown_op")
            .Input("x", TensorElementType.Float, 2)
            .Node("NoSuchOp", ["x"], ["y"])
            .Output("y", TensorElementType.Float, 2)
            .Build();
        TestDataDirectory.Write(scratch, model, [new TestDataSet("", [TensorValue.Create("x", new[] { 1f, 2f }, 2)], [TensorValue.Create("y", new[] { 1f, 2f }, 2)])]);

        AssertUserError(Verify(scratch), "cannot load");
    }

    [Theory]
    [InlineData("--rtol", "-0.1")]
    [InlineData("--atol", "NaN")]
    [InlineData("--threads", "-1")]
    public void A_nonsensical_option_value_is_a_user_error(string option, string value)
    {
        ReluMatMulModel.WriteFolder(scratch, ReluMatMulModel.Set(1, 1));

        AssertUserError(Verify(scratch, option, value), option);
    }

    /// <summary>One ORT thread unless the test says otherwise: the machine's cores are shared with other tests.</summary>
    private static (int ExitCode, string Output, string Error) Verify(string folder, params string[] options) =>
        CliHarness.InvokeCaptured(["verify", folder, .. options.Contains("--threads") ? options : ["--threads", "1", .. options]]);

    private static void AssertUserError((int ExitCode, string Output, string Error) run, string mentions)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Single(Lines(run.Error));
        Assert.Contains(mentions, run.Error, StringComparison.Ordinal);
    }

    private static TestDataSet ClassifierSet(int seed)
    {
        var x = TensorValue.Create("x", OrtTestContext.ClassifierInput(1, seed), OrtTestContext.ClassifierShape(1));
        using var session = OrtTestContext.OpenClassifier();
        using var input = x.ToOrtValue();
        var name = session.Outputs[0].Name;
        using var output = session.Run(["x"], [input], [name])[0];
        return new TestDataSet("", [x], [output.ToTensorValue(name)]);
    }

    private static string[] Lines(string text) => text.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    private static Regex PassLine(string set) => new($@"^{set}  pass  max abs \d\.\de[+-]\d\d$");
}
