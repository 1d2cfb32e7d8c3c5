using Harness.Onnx;
using Harness.Onnx.Runtime;

namespace Harness.Tests.Runtime;

public sealed class TinyModelTests
{
    [Fact]
    public void Run_returns_outputs_in_the_order_asked_for()
    {
        using var session = Open(TinyModels.AddAndMul());
        using var a = OrtValue.CreateTensor(new[] { 1f, 2f, 3f, 4f }, [2, 2]);
        using var b = OrtValue.CreateTensor(new[] { 10f, 20f, 30f, 40f }, [2, 2]);

        var outputs = session.Run(["b", "a"], [b, a], ["product", "sum"]);
        using var product = outputs[0];
        using var sum = outputs[1];

        Assert.Equal(["a", "b"], session.Inputs.Select(i => i.Name));
        Assert.Equal(["sum", "product"], session.Outputs.Select(o => o.Name));
        Assert.Equal([10f, 40f, 90f, 160f], product.GetSpan<float>().ToArray());
        Assert.Equal([11f, 22f, 33f, 44f], sum.GetSpan<float>().ToArray());
    }

    [Fact]
    public void Io_binding_returns_outputs_in_binding_order()
    {
        using var session = Open(TinyModels.AddAndMul());
        using var a = OrtValue.CreateTensor(new[] { 1f, 2f }, [1, 2]);
        using var b = OrtValue.CreateTensor(new[] { 3f, 5f }, [1, 2]);
        using var binding = session.CreateIoBinding();
        binding.BindInput("a", a);
        binding.BindInput("b", b);
        binding.BindOutputToCpu("product");
        binding.BindOutputToCpu("sum");

        binding.Run();
        var outputs = binding.GetOutputs();
        using var product = outputs[0];
        using var sum = outputs[1];

        Assert.Equal([3f, 10f], product.GetSpan<float>().ToArray());
        Assert.Equal([4f, 7f], sum.GetSpan<float>().ToArray());
    }

    [Fact]
    public void An_unnamed_dynamic_dimension_has_no_symbol()
    {
        using var session = Open(TinyModels.IdentityWithUnnamedDimension());

        var x = Assert.Single(session.Inputs);
        Assert.Equal([-1L, 3, -1], x.Shape);
        Assert.Equal<IEnumerable<string?>>(["batch", null, null], x.SymbolicDimensions);
    }

    [Fact]
    public void A_sequence_input_is_described_as_a_non_tensor()
    {
        using var session = Open(TinyModels.SequenceLength());

        var s = Assert.Single(session.Inputs);
        Assert.Equal("s", s.Name);
        Assert.False(s.IsTensor);
        Assert.Equal(TensorElementType.Undefined, s.ElementType);
        Assert.Empty(s.Shape);
        Assert.Empty(s.SymbolicDimensions);

        var n = Assert.Single(session.Outputs);
        Assert.True(n.IsTensor);
        Assert.Equal(TensorElementType.Int64, n.ElementType);
        Assert.Empty(n.Shape);
    }

    private static InferenceSession Open(byte[] model)
    {
        using var options = OrtTestContext.SingleThreadOptions();
        return InferenceSession.FromBytes(OrtTestContext.Environment, model, options);
    }
}
