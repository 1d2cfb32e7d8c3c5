using Harness.Onnx;
using Harness.Onnx.Runtime;

namespace Harness.Tests.Runtime;

public sealed class InferenceSessionTests
{
    private static readonly string[] InputNames = ["x"];

    [Fact]
    public void Reports_the_classifier_inputs_and_outputs()
    {
        using var session = OrtTestContext.OpenClassifier();

        // paddle2onnx exported every dimension but the channels as dynamic (not [-1, 3, 48, 192]).
        var input = Assert.Single(session.Inputs);
        Assert.Equal("x", input.Name);
        Assert.True(input.IsTensor);
        Assert.Equal(TensorElementType.Float, input.ElementType);
        Assert.Equal([-1L, 3, -1, -1], input.Shape);
        Assert.Equal<IEnumerable<string?>>(["p2o.DynamicDimension.0", null, "p2o.DynamicDimension.1", "p2o.DynamicDimension.2"], input.SymbolicDimensions);

        var output = Assert.Single(session.Outputs);
        Assert.Equal("softmax_0.tmp_0", output.Name);
        Assert.Equal(TensorElementType.Float, output.ElementType);
        Assert.Equal([-1L, 2], output.Shape);
        Assert.Equal<IEnumerable<string?>>(["p2o.DynamicDimension.3", null], output.SymbolicDimensions);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Run_gives_one_softmax_row_per_image(int batch)
    {
        using var session = OrtTestContext.OpenClassifier();
        using var input = OrtValue.CreateTensor(OrtTestContext.ClassifierInput(batch), OrtTestContext.ClassifierShape(batch));

        var outputs = session.Run(InputNames, [input], [session.Outputs[0].Name]);
        using var output = Assert.Single(outputs);

        Assert.Equal([batch, 2L], output.Shape);
        Assert.Equal(TensorElementType.Float, output.ElementType);
        var probabilities = output.GetSpan<float>();
        for (var row = 0; row < batch; row++)
        {
            var p = probabilities.Slice(row * 2, 2);
            Assert.InRange(p[0], 0f, 1f);
            Assert.InRange(p[1], 0f, 1f);
            Assert.Equal(1.0, p[0] + p[1], 4);
        }
    }

    [Fact]
    public void A_session_from_bytes_matches_one_from_the_file()
    {
        using var fromFile = OrtTestContext.OpenClassifier();
        using var options = OrtTestContext.SingleThreadOptions();
        using var fromBytes = InferenceSession.FromBytes(OrtTestContext.Environment, File.ReadAllBytes(TestAssets.Classifier), options);
        using var input = OrtValue.CreateTensor(OrtTestContext.ClassifierInput(2), OrtTestContext.ClassifierShape(2));
        string[] outputNames = [fromFile.Outputs[0].Name];

        using var expected = fromFile.Run(InputNames, [input], outputNames)[0];
        using var actual = fromBytes.Run(InputNames, [input], outputNames)[0];

        Assert.Equal(fromFile.Inputs, fromBytes.Inputs, TensorInfoComparer.Instance);
        Assert.True(expected.GetBytes().SequenceEqual(actual.GetBytes()));
    }

    [Fact]
    public void A_prepared_run_invokes_repeatedly_without_allocating()
    {
        using var session = OrtTestContext.OpenClassifier();
        using var input = OrtValue.CreateTensor(OrtTestContext.ClassifierInput(1), OrtTestContext.ClassifierShape(1));
        using var run = session.Prepare(InputNames, [input], [session.Outputs[0].Name]);

        // Warm-up lets the JIT settle (tiering, OSR) so only steady-state calls are measured.
        for (var i = 0; i < 50; i++)
        {
            run.Invoke();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            run.Invoke();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_prepared_run_gives_the_same_outputs_as_run_and_sees_refilled_inputs()
    {
        using var session = OrtTestContext.OpenClassifier();
        var data = OrtTestContext.ClassifierInput(1, seed: 1);
        using var input = OrtValue.CreateTensor(data, OrtTestContext.ClassifierShape(1));
        string[] outputNames = [session.Outputs[0].Name];
        using var run = session.Prepare(InputNames, [input], outputNames);

        using var first = run.InvokeAndTakeOutputs()[0];
        using var expectedFirst = session.Run(InputNames, [input], outputNames)[0];
        OrtTestContext.ClassifierInput(1, seed: 2).CopyTo(data, 0);
        using var second = run.InvokeAndTakeOutputs()[0];
        using var expectedSecond = session.Run(InputNames, [input], outputNames)[0];

        Assert.True(first.GetBytes().SequenceEqual(expectedFirst.GetBytes()));
        Assert.True(second.GetBytes().SequenceEqual(expectedSecond.GetBytes()));
        Assert.False(first.GetBytes().SequenceEqual(second.GetBytes()));
    }

    [Fact]
    public void A_prepared_run_keeps_its_session_and_inputs_alive_after_they_are_disposed()
    {
        var session = OrtTestContext.OpenClassifier();
        var input = OrtValue.CreateTensor(OrtTestContext.ClassifierInput(1), OrtTestContext.ClassifierShape(1));
        using var run = session.Prepare(InputNames, [input], [session.Outputs[0].Name]);
        session.Dispose();
        input.Dispose();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        using var output = run.InvokeAndTakeOutputs()[0];

        Assert.Equal([1L, 2], output.Shape);
    }

    [Fact]
    public void Io_binding_gives_bit_identical_outputs_to_run()
    {
        using var session = OrtTestContext.OpenClassifier();
        using var input = OrtValue.CreateTensor(OrtTestContext.ClassifierInput(4), OrtTestContext.ClassifierShape(4));
        var outputName = session.Outputs[0].Name;
        using var expected = session.Run(InputNames, [input], [outputName])[0];

        using var toCpu = session.CreateIoBinding();
        toCpu.BindInput("x", input);
        toCpu.BindOutputToCpu(outputName);
        toCpu.Run();
        using var allocatedByOrt = Assert.Single(toCpu.GetOutputs());

        using var preallocated = OrtValue.AllocateTensor(TensorElementType.Float, [4, 2]);
        using var intoBuffer = session.CreateIoBinding();
        intoBuffer.BindInput("x", input);
        intoBuffer.BindOutput(outputName, preallocated);
        intoBuffer.Run();

        Assert.Equal([4L, 2], allocatedByOrt.Shape);
        Assert.True(expected.GetBytes().SequenceEqual(allocatedByOrt.GetBytes()));
        Assert.True(expected.GetBytes().SequenceEqual(preallocated.GetBytes()));
    }

    [Fact]
    public void Io_binding_runs_repeatedly_without_allocating()
    {
        using var session = OrtTestContext.OpenClassifier();
        using var input = OrtValue.CreateTensor(OrtTestContext.ClassifierInput(1), OrtTestContext.ClassifierShape(1));
        using var output = OrtValue.AllocateTensor(TensorElementType.Float, [1, 2]);
        using var binding = session.CreateIoBinding();
        binding.BindInput("x", input);
        binding.BindOutput(session.Outputs[0].Name, output);
        for (var i = 0; i < 50; i++)
        {
            binding.Run();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            binding.Run();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Io_binding_clears_its_bindings()
    {
        using var session = OrtTestContext.OpenClassifier();
        using var input = OrtValue.CreateTensor(OrtTestContext.ClassifierInput(1), OrtTestContext.ClassifierShape(1));
        using var binding = session.CreateIoBinding();
        binding.BindInput("x", input);
        binding.BindOutputToCpu(session.Outputs[0].Name);
        binding.Run();
        foreach (var value in binding.GetOutputs())
        {
            value.Dispose();
        }

        binding.ClearOutputs();
        Assert.Empty(binding.GetOutputs());
        binding.ClearInputs();
        Assert.Throws<OrtException>(binding.Run);
    }

    [Fact]
    public void A_missing_model_file_is_reported_with_its_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "harness-no-such-dir", "model.onnx");
        using var options = OrtTestContext.SingleThreadOptions();

        var e = Assert.Throws<OrtException>(() => InferenceSession.FromFile(OrtTestContext.Environment, missing, options));

        Assert.Equal(OrtErrorCode.NoSuchFile, e.Code);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("[NoSuchFile]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_bytes_are_an_invalid_model()
    {
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        using var options = OrtTestContext.SingleThreadOptions();

        var e = Assert.Throws<OrtException>(() => InferenceSession.FromBytes(OrtTestContext.Environment, garbage, options));

        Assert.Contains(e.Code, new[] { OrtErrorCode.InvalidProtobuf, OrtErrorCode.InvalidGraph });
    }

    [Fact]
    public void A_wrong_input_shape_is_an_error_not_a_crash()
    {
        using var session = OrtTestContext.OpenClassifier();
        using var fourChannels = OrtValue.CreateTensor(new float[4 * 48 * 192], [1, 4, 48, 192]);
        using var rank3 = OrtValue.CreateTensor(new float[3 * 48 * 192], [3, 48, 192]);

        var e = Assert.Throws<OrtException>(() => session.Run(InputNames, [fourChannels], [session.Outputs[0].Name]));
        var e3 = Assert.Throws<OrtException>(() => session.Run(InputNames, [rank3], [session.Outputs[0].Name]));

        Assert.Equal(OrtErrorCode.InvalidArgument, e.Code);
        Assert.Equal(OrtErrorCode.InvalidArgument, e3.Code);
    }

    [Fact]
    public void A_wrong_input_type_is_an_error_not_a_crash()
    {
        using var session = OrtTestContext.OpenClassifier();
        using var input = OrtValue.CreateTensor(new int[3 * 48 * 192], OrtTestContext.ClassifierShape(1));
        using var run = session.Prepare(InputNames, [input], [session.Outputs[0].Name]);

        var e = Assert.Throws<OrtException>(run.Invoke);

        Assert.Equal(OrtErrorCode.InvalidArgument, e.Code);
    }

    [Fact]
    public void An_unknown_name_is_an_error_not_a_crash()
    {
        using var session = OrtTestContext.OpenClassifier();
        using var input = OrtValue.CreateTensor(OrtTestContext.ClassifierInput(1), OrtTestContext.ClassifierShape(1));

        Assert.Throws<OrtException>(() => session.Run(["nope"], [input], [session.Outputs[0].Name]));
        Assert.Throws<OrtException>(() => session.Run(InputNames, [input], ["nope"]));
        Assert.Throws<ArgumentException>(() => session.Run(InputNames, [], [session.Outputs[0].Name]));
    }

    [Fact]
    public void A_disposed_session_refuses_work()
    {
        var session = OrtTestContext.OpenClassifier();
        using var input = OrtValue.CreateTensor(OrtTestContext.ClassifierInput(1), OrtTestContext.ClassifierShape(1));
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run(InputNames, [input], ["softmax_0.tmp_0"]));
        Assert.Throws<ObjectDisposedException>(session.CreateIoBinding);
    }

    [Fact]
    public void Profiling_writes_a_trace_file()
    {
        var dir = TestAssets.NewScratchDirectory("ort-profile");
        using var options = OrtTestContext.SingleThreadOptions();
        options.EnableProfiling(Path.Combine(dir, "classifier"));
        using var session = InferenceSession.FromFile(OrtTestContext.Environment, TestAssets.Classifier, options);
        using var input = OrtValue.CreateTensor(OrtTestContext.ClassifierInput(1), OrtTestContext.ClassifierShape(1));
        session.Run(InputNames, [input], [session.Outputs[0].Name])[0].Dispose();

        var trace = session.EndProfiling();

        Assert.True(File.Exists(trace) || File.Exists(Path.Combine(Environment.CurrentDirectory, trace)), trace);
        Assert.Contains("classifier", trace, StringComparison.Ordinal);
    }

    private sealed class TensorInfoComparer : IEqualityComparer<TensorInfo>
    {
        public static readonly TensorInfoComparer Instance = new();

        public bool Equals(TensorInfo? x, TensorInfo? y) =>
            x is not null && y is not null && x.Name == y.Name && x.ElementType == y.ElementType && x.IsTensor == y.IsTensor
            && x.Shape.SequenceEqual(y.Shape) && x.SymbolicDimensions.SequenceEqual(y.SymbolicDimensions);

        public int GetHashCode(TensorInfo obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
