using Harness.Onnx.Runtime;

namespace Harness.Tests.Runtime;

public sealed class SessionOptionsTests
{
    [Theory]
    [InlineData(GraphOptimizationLevel.Disabled, ExecutionMode.Sequential)]
    [InlineData(GraphOptimizationLevel.Basic, ExecutionMode.Parallel)]
    [InlineData(GraphOptimizationLevel.Extended, ExecutionMode.Sequential)]
    [InlineData(GraphOptimizationLevel.All, ExecutionMode.Parallel)]
    public void Accepted_settings_build_a_working_session(GraphOptimizationLevel level, ExecutionMode mode)
    {
        using var options = new SessionOptions(OrtTestContext.Library)
        {
            IntraOpThreads = 1,
            InterOpThreads = 1,
            GraphOptimizationLevel = level,
            ExecutionMode = mode,
        };
        options.AddConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddConfigEntry("session.inter_op.allow_spinning", "0");

        using var session = InferenceSession.FromFile(OrtTestContext.Environment, TestAssets.Classifier, options);
        using var input = OrtValue.CreateTensor(OrtTestContext.ClassifierInput(1), OrtTestContext.ClassifierShape(1));
        using var output = session.Run(["x"], [input], [session.Outputs[0].Name])[0];

        Assert.Equal((1, 1, level, mode), (options.IntraOpThreads, options.InterOpThreads, options.GraphOptimizationLevel, options.ExecutionMode));
        Assert.Equal([1L, 2], output.Shape);
    }

    [Fact]
    public void An_unknown_provider_is_refused()
    {
        using var options = new SessionOptions(OrtTestContext.Library);

        var e = Assert.Throws<OrtException>(() => options.AppendExecutionProvider("NoSuchExecutionProvider", new Dictionary<string, string> { ["a"] = "b" }));

        Assert.Contains("NoSuchExecutionProvider", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_on_a_machine_without_it_is_an_error_not_a_crash()
    {
        if (HasCudaProvider())
        {
            return; // this test is about the failure path; run.sh never installs the CUDA provider
        }

        using var options = new SessionOptions(OrtTestContext.Library);

        var e = Assert.Throws<OrtException>(() => options.AppendCudaProvider(new Dictionary<string, string> { ["device_id"] = "0" }));

        Assert.Contains("CUDA execution provider could not be added", e.Message, StringComparison.Ordinal);
        Assert.Contains("libonnxruntime_providers_cuda.so", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_optimized_model_is_written_where_asked()
    {
        var path = Path.Combine(TestAssets.NewScratchDirectory("ort-optimized"), "classifier.opt.onnx");
        using var options = OrtTestContext.SingleThreadOptions();
        options.GraphOptimizationLevel = GraphOptimizationLevel.Basic;
        options.SetOptimizedModelFilePath(path);

        using var session = InferenceSession.FromFile(OrtTestContext.Environment, TestAssets.Classifier, options);

        Assert.True(new FileInfo(path).Length > 0);
    }

    [Fact]
    public void Strings_with_nul_are_refused_before_reaching_ort()
    {
        using var options = new SessionOptions(OrtTestContext.Library);

        Assert.Throws<ArgumentException>(() => options.AddConfigEntry("a\0b", "1"));
    }

    [Fact]
    public void A_disposed_options_object_refuses_work()
    {
        var options = new SessionOptions(OrtTestContext.Library);
        options.Dispose();

        Assert.Throws<ObjectDisposedException>(() => options.IntraOpThreads = 2);
    }

    [Fact]
    public void Negative_thread_counts_are_refused()
    {
        using var options = new SessionOptions(OrtTestContext.Library);

        Assert.Throws<ArgumentOutOfRangeException>(() => options.IntraOpThreads = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.InterOpThreads = -1);
    }

    private static bool HasCudaProvider() =>
        File.Exists(Path.Combine(Path.GetDirectoryName(OrtTestContext.Library.LibraryPath)!, "libonnxruntime_providers_cuda.so"));
}
