namespace Harness.Tests.Cli;

/// <summary><c>harness probe</c>: an unavailable target is an answer (exit 0, the reason), a bad option a usage error.</summary>
public sealed class ProbeCommandTests
{
    [Fact]
    public void The_CUDA_probe_without_a_GPU_prints_the_reason_as_JSON()
    {
        if (File.Exists("/dev/nvidia0"))
        {
            return; // a GPU machine measures instead
        }

        var (exit, output, _) = CliHarness.InvokeCaptured("probe", "--target", "cuda", "--json");

        Assert.Equal(0, exit);
        Assert.Contains("\"status\": \"unavailable\"", output, StringComparison.Ordinal);
        Assert.Contains("libcuda.so.1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_target_is_refused_with_the_ones_there_are()
    {
        var (exit, _, error) = CliHarness.InvokeCaptured("probe", "--target", "tpu");

        Assert.NotEqual(0, exit);
        Assert.Contains("cpu", error, StringComparison.Ordinal);
    }
}
