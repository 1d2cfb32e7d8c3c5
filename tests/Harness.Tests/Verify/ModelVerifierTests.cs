using System.Text.Json;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Verify;

namespace Harness.Tests.Verify;

/// <summary>The verifier against real ONNX Runtime, on a model built in code with outputs computed in C#.</summary>
public sealed class ModelVerifierTests
{
    private static readonly VerifyOptions OneThread = new() { Threads = 1 };

    private readonly string scratch = TestAssets.NewScratchDirectory("verify");

    [Fact]
    public void Every_set_passes_when_ORT_agrees_with_the_arithmetic()
    {
        var folder = ReluMatMulModel.WriteFolder(scratch, ReluMatMulModel.Set(1, 1), ReluMatMulModel.Set(2, 2), ReluMatMulModel.Set(5, 3));

        var result = ModelVerifier.Verify(folder, OneThread);

        Assert.True(result.Passed);
        Assert.Equal(["test_data_set_0", "test_data_set_1", "test_data_set_2"], result.Sets.Select(s => s.Name));
        Assert.Equal(3, result.PassedCount);
        Assert.All(result.Sets, set =>
        {
            var output = Assert.Single(set.Outputs);
            Assert.Equal("y", output.Name);
            Assert.True(output.MaxAbsError < 1e-5, $"{set.Name}: max abs {output.MaxAbsError}");
        });
        Assert.Equal([5L, 3], result.Sets[2].Outputs[0].Shape.ToArray());
    }

    [Fact]
    public void A_value_beyond_the_tolerance_fails_its_set_only()
    {
        var bad = ReluMatMulModel.Set(4, 2);
        var index = ReluMatMulModel.LargestExpected(bad);
        var folder = ReluMatMulModel.WriteFolder(
            scratch, ReluMatMulModel.Set(1, 1), ReluMatMulModel.WithExpected(bad, index, v => v + 0.05f), ReluMatMulModel.Set(3, 3));

        var result = ModelVerifier.Verify(folder, OneThread);

        Assert.False(result.Passed);
        Assert.Equal([true, false, true], result.Sets.Select(s => s.Passed));
        var output = Assert.Single(result.Sets[1].Outputs);
        Assert.False(output.Passed);
        Assert.Equal(1, output.MismatchCount);
        Assert.Equal(index, output.WorstIndex);
        Assert.Equal(0.05, output.MaxAbsError, 1e-4);
    }

    [Fact]
    public void A_value_changed_within_the_tolerance_still_passes()
    {
        var set = ReluMatMulModel.Set(4, 2);
        var index = ReluMatMulModel.LargestExpected(set);
        var folder = ReluMatMulModel.WriteFolder(scratch, ReluMatMulModel.WithExpected(set, index, v => v * (1 + 5e-4f)));

        var result = ModelVerifier.Verify(folder, OneThread);

        Assert.True(result.Passed);
        Assert.True(result.Sets[0].MaxAbsError > 1e-5, "the change should show as an error within tolerance");
        Assert.Equal(index, result.Sets[0].Outputs[0].WorstIndex);
    }

    [Fact]
    public void An_input_that_does_not_fit_the_model_fails_its_set_with_ORTs_message_and_the_others_run()
    {
        var misfit = new TestDataSet("", [TensorValue.Create("x", new float[10], 2, 5)], [TensorValue.Create("y", new float[6], 2, 3)]);
        var folder = ReluMatMulModel.WriteFolder(scratch, ReluMatMulModel.Set(1, 1), misfit, ReluMatMulModel.Set(3, 3));

        var result = ModelVerifier.Verify(folder, OneThread);

        Assert.Equal([true, false, true], result.Sets.Select(s => s.Passed));
        Assert.Contains("invalid dimensions for input: x", result.Sets[1].Error, StringComparison.Ordinal);
        Assert.Empty(result.Sets[1].Outputs);
    }

    [Fact]
    public void A_set_without_expected_outputs_fails_rather_than_passing_on_nothing()
    {
        var noOutputs = ReluMatMulModel.Set(1, 1) with { ExpectedOutputs = [] };
        var folder = ReluMatMulModel.WriteFolder(scratch, noOutputs);

        var result = ModelVerifier.Verify(folder, OneThread);

        Assert.False(result.Passed);
        Assert.Contains("no output_N.pb", result.Sets[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_ORT_refuses_is_thrown_with_the_models_path()
    {
        var model = new GraphBuilder("unknown_op")
            .Input("x", TensorElementType.Float, 2)
            .Node("NoSuchOp", ["x"], ["y"])
            .Output("y", TensorElementType.Float, 2)
            .Build();
        TestDataDirectory.Write(scratch, model, [new TestDataSet("", [TensorValue.Create("x", new[] { 1f, 2f }, 2)], [TensorValue.Create("y", new[] { 1f, 2f }, 2)])]);

        var error = Assert.Throws<OrtException>(() => ModelVerifier.Verify(scratch, OneThread));

        Assert.Contains(Path.Combine(scratch, "model.onnx"), error.Message, StringComparison.Ordinal);
        Assert.Contains("NoSuchOp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_result_serializes_with_counts_and_infinite_errors_as_named_literals()
    {
        var set = ReluMatMulModel.Set(2, 2);
        var folder = ReluMatMulModel.WriteFolder(scratch, set, ReluMatMulModel.WithExpected(set, 0, _ => float.NaN));

        var json = ModelVerifier.Verify(folder, OneThread).ToJson();

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.False(root.GetProperty("passed").GetBoolean());
        Assert.Equal(1, root.GetProperty("passedCount").GetInt32());
        Assert.Equal(0.001, root.GetProperty("tolerance").GetProperty("relative").GetDouble());
        var output = root.GetProperty("sets")[1].GetProperty("outputs")[0];
        Assert.Equal("Infinity", output.GetProperty("maxAbsError").GetString());
        Assert.Equal("NaN", output.GetProperty("expectedAtWorst").GetString());
        Assert.Equal(0, output.GetProperty("worstIndex").GetInt64());
    }
}
