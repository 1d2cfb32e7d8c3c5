using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Tests.Runtime;

namespace Harness.Tests.Optimize;

/// <summary>Runs a model in ONNX Runtime (one thread) and returns its first output as floats.</summary>
internal static class ModelRunner
{
    public static float[] Run(OnnxModel model, string input, float[] values, long[] shape)
    {
        using var options = OrtTestContext.SingleThreadOptions();
        using var session = InferenceSession.FromBytes(OrtTestContext.Environment, model.ToBytes(), options);
        return Run(session, input, values, shape);
    }

    public static float[] Run(InferenceSession session, string input, float[] values, long[] shape)
    {
        using var x = OrtValue.CreateTensor(values, shape);
        var outputs = session.Run([input], [x], [session.Outputs[0].Name]);
        using var y = outputs[0];
        return y.GetSpan<float>().ToArray();
    }

    public static InferenceSession Open(OnnxModel model)
    {
        using var options = OrtTestContext.SingleThreadOptions();
        return InferenceSession.FromBytes(OrtTestContext.Environment, model.ToBytes(), options);
    }

    public static float MaxAbsDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b).Max(p => Math.Abs(p.First - p.Second));
    }
}
