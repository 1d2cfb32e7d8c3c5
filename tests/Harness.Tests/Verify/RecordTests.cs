using Harness.Onnx.Model;
using Harness.Tests.Cli;

namespace Harness.Tests.Verify;

/// <summary><c>harness verify --record</c>: a reference frozen from a model, then checked like any test-data folder.</summary>
public sealed class RecordTests : IDisposable
{
    private readonly string scratch = TestAssets.NewScratchDirectory("verify-record");

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void A_model_is_frozen_into_seeded_sets_that_verify_passes_and_a_rerun_reproduces()
    {
        var first = Path.Combine(scratch, "ref");
        var second = Path.Combine(scratch, "again");

        var (exit, output, error) = CliHarness.InvokeCaptured("verify", first, "--record", "--model", TestAssets.Classifier, "--sets", "2", "--input-shape", "x=1,3,48,192", "--threads", "1");

        Assert.True(exit == 0, error);
        Assert.StartsWith($"recorded 2 sets in {first}", output, StringComparison.Ordinal);
        var recorded = TestDataDirectory.Load(first);
        Assert.Equal(2, recorded.Sets.Count);
        Assert.Equal([1L, 3, 48, 192], recorded.Sets[0].Inputs[0].Dims);
        Assert.NotEqual(recorded.Sets[0].Inputs[0], recorded.Sets[1].Inputs[0]);
        Assert.Single(recorded.Sets[0].ExpectedOutputs);
        Assert.Equal(0, CliHarness.InvokeCaptured("verify", first, "--threads", "1").ExitCode);

        CliHarness.InvokeCaptured("verify", second, "--record", "--model", TestAssets.Classifier, "--sets", "2", "--input-shape", "x=1,3,48,192", "--threads", "1");
        Assert.Equal(recorded.Sets[1].Inputs, TestDataDirectory.Load(second).Sets[1].Inputs);
    }

    [Fact]
    public void A_folder_of_inputs_gets_its_outputs_and_recorded_outputs_are_kept_unless_forced()
    {
        var folder = Path.Combine(scratch, "inputs-only");
        var set = ReluMatMulModel.Set(2, 1);
        ReluMatMulModel.WriteFolder(folder, set with { ExpectedOutputs = [] });

        var (exit, _, error) = CliHarness.InvokeCaptured("verify", folder, "--record", "--threads", "1");

        Assert.True(exit == 0, error);
        Assert.Equal(set.ExpectedOutputs[0].Dims, TestDataDirectory.Load(folder).Sets[0].ExpectedOutputs[0].Dims);
        Assert.Equal(0, CliHarness.InvokeCaptured("verify", folder, "--threads", "1").ExitCode);
        var (again, _, refused) = CliHarness.InvokeCaptured("verify", folder, "--record", "--threads", "1");
        Assert.Equal(2, again);
        Assert.Contains("already has expected outputs; add --force", refused, StringComparison.Ordinal);
        Assert.Equal(0, CliHarness.InvokeCaptured("verify", folder, "--record", "--force", "--threads", "1").ExitCode);
    }

    [Fact]
    public void Recording_into_a_folder_that_is_not_empty_or_with_a_shape_given_twice_is_refused()
    {
        File.WriteAllText(Path.Combine(scratch, "keep.txt"), "mine");

        var (exit, _, error) = CliHarness.InvokeCaptured("verify", scratch, "--record", "--model", TestAssets.Classifier);
        Assert.Equal(2, exit);
        Assert.Contains("is not empty", error, StringComparison.Ordinal);

        var (twice, _, twiceError) = CliHarness.InvokeCaptured("verify", Path.Combine(scratch, "new"), "--record", "--model", TestAssets.Classifier, "--input-shape", "x=1,3,48,192", "--input-shape", "x=1,3,48,96");
        Assert.Equal(2, twice);
        Assert.Contains("gives 'x' twice", twiceError, StringComparison.Ordinal);
    }
}
