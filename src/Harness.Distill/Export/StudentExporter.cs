using Harness.Distill.Students;
using Harness.Onnx;
using Harness.Onnx.Model;
using static TorchSharp.torch;

namespace Harness.Distill.Export;

/// <summary>How an exported student meets the world: the teacher's input and output names, and whether the teacher ends in a Softmax.</summary>
public sealed record StudentInterface(string InputName, string OutputName, bool Softmax);

/// <summary>
/// Writes a trained student as an ONNX model with our own graph writer (TorchSharp has no ONNX
/// export): Conv with its batch norm folded in, Relu, MaxPool/AveragePool/GlobalAveragePool, Flatten, Gemm, and a
/// Softmax where the teacher has one. Dropout is dropped: at inference it computes nothing. The
/// folding is done in double precision so the exported model matches TorchSharp's evaluation-mode
/// forward pass to float rounding.
/// </summary>
public static class StudentExporter
{
    public static OnnxModel Export(StudentNetwork network, StudentInterface io)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(io);
        var graph = new GraphBuilder("student_" + network.Architecture.Name.Replace('-', '_'));
        graph.Input(io.InputName, TensorElementType.Float, [(Dimension)"batch", .. network.SampleShape.Select(d => (Dimension)d)]);
        var value = io.InputName;
        var parts = network.Parts;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var output = $"{Name(part.Layer)}_{i}";
            var batchNorm = i + 1 < parts.Count && parts[i + 1].Layer is BatchNormLayer ? parts[i + 1] : null;
            switch (part.Layer)
            {
                case ConvLayer conv:
                    {
                        var (weight, bias, shape) = Folded(part, batchNorm);
                        graph.Initializer($"{output}_weight", weight, shape).Initializer($"{output}_bias", bias, shape[0]);
                        graph.Node("Conv", [value, $"{output}_weight", $"{output}_bias"], [output],
                            NodeAttribute.Ints("kernel_shape", conv.Kernel, conv.Kernel),
                            NodeAttribute.Ints("pads", conv.Padding, conv.Padding, conv.Padding, conv.Padding),
                            NodeAttribute.Ints("strides", conv.Stride, conv.Stride));
                        break;
                    }

                case LinearLayer:
                    {
                        var (weight, bias, shape) = Folded(part, batchNorm);
                        graph.Initializer($"{output}_weight", weight, shape).Initializer($"{output}_bias", bias, shape[0]);
                        graph.Node("Gemm", [value, $"{output}_weight", $"{output}_bias"], [output], NodeAttribute.Int("transB", 1));
                        break;
                    }

                case BatchNormLayer or DropoutLayer:
                    // Folded into the layer before, or nothing at inference.
                    continue;
                case ReluLayer:
                    graph.Node("Relu", [value], [output]);
                    break;
                case PoolLayer pool:
                    graph.Node(pool.Kind == PoolKind.Max ? "MaxPool" : "AveragePool", [value], [output],
                        NodeAttribute.Ints("kernel_shape", pool.Kernel, pool.Kernel),
                        NodeAttribute.Ints("strides", pool.Kernel, pool.Kernel));
                    break;
                case GlobalAveragePoolLayer:
                    graph.Node("GlobalAveragePool", [value], [output]);
                    break;
                case FlattenLayer:
                    graph.Node("Flatten", [value], [output], NodeAttribute.Int("axis", 1));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(network), part.Layer, "a student layer the exporter does not write");
            }

            value = output;
        }

        if (io.Softmax)
        {
            graph.Node("Softmax", [value], ["probabilities"], NodeAttribute.Int("axis", 1));
            value = "probabilities";
        }

        // The teacher's output name, so metrics and fidelity read the student's output as they read the teacher's.
        graph.Node("Identity", [value], [io.OutputName]);
        graph.Output(io.OutputName, TensorElementType.Float, "batch", network.Classes);
        return graph.Build();
    }

    /// <summary>A conv or linear layer's weight and bias, with the batch norm after it (if any) folded in: w·γ/√(σ²+ε), (b−μ)·γ/√(σ²+ε)+β.</summary>
    private static (float[] Weight, float[] Bias, long[] Shape) Folded(StudentPart part, StudentPart? batchNorm)
    {
        var state = part.Module.state_dict();
        var weightTensor = state["weight"];
        var shape = weightTensor.shape;
        var weight = Floats(weightTensor);
        var bias = state.TryGetValue("bias", out var b) ? Floats(b) : new float[shape[0]];
        if (batchNorm is null)
        {
            return (weight, bias, shape);
        }

        var norm = batchNorm.Module.state_dict();
        var gamma = Floats(norm["weight"]);
        var beta = Floats(norm["bias"]);
        var mean = Floats(norm["running_mean"]);
        var variance = Floats(norm["running_var"]);
        var perOutput = weight.Length / bias.Length;
        var foldedWeight = new float[weight.Length];
        var foldedBias = new float[bias.Length];
        for (var o = 0; o < bias.Length; o++)
        {
            var scale = gamma[o] / Math.Sqrt(variance[o] + BatchNormLayer.Epsilon);
            for (var k = 0; k < perOutput; k++)
            {
                foldedWeight[(o * perOutput) + k] = (float)(weight[(o * perOutput) + k] * scale);
            }

            foldedBias[o] = (float)(((bias[o] - mean[o]) * scale) + beta[o]);
        }

        return (foldedWeight, foldedBias, shape);
    }

    private static float[] Floats(Tensor tensor) => tensor.detach().cpu().contiguous().data<float>().ToArray();

    private static string Name(StudentLayer layer) => layer switch
    {
        ConvLayer => "conv",
        LinearLayer => "linear",
        ReluLayer => "relu",
        PoolLayer { Kind: PoolKind.Max } => "maxpool",
        PoolLayer => "avgpool",
        GlobalAveragePoolLayer => "globalavgpool",
        FlattenLayer => "flatten",
        _ => "layer",
    };
}
