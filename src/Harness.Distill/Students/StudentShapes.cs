using System.Globalization;

namespace Harness.Distill.Students;

/// <summary>
/// Walks a student's layers from the input's per-sample shape to the classifier, so layers that do
/// not fit together are reported by position before any training (and before libtorch loads).
/// </summary>
public static class StudentShapes
{
    /// <summary>The per-sample shape after each layer, the classifier's last; throws a <see cref="DistillationException"/> naming the first layer that does not fit.</summary>
    public static IReadOnlyList<long[]> Infer(StudentArchitecture architecture, IReadOnlyList<long> sampleShape, int classes)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(sampleShape);
        var shapes = new List<long[]>();
        var shape = sampleShape.ToArray();
        if (shape.Any(d => d <= 0))
        {
            throw new DistillationException($"the student's input shape [{Text(shape)}] has a dimension that is not a fixed positive size");
        }

        StudentLayer? previous = null;
        for (var i = 0; i < architecture.Layers.Count; i++)
        {
            var layer = architecture.Layers[i];
            shape = Next(layer, previous, shape) ??
                throw new DistillationException(string.Create(CultureInfo.InvariantCulture,
                    $"student '{architecture.Name}' layer {i + 1} ('{layer}') does not fit its input [{Text(shape)}]: {Why(layer, previous, shape)}"));
            shapes.Add(shape);
            previous = layer;
        }

        if (shape.Length != 1)
        {
            throw new DistillationException($"student '{architecture.Name}' ends with [{Text(shape)}]; its classifier needs a flat vector: end the layers with 'flatten' (or a linear layer)");
        }

        shapes.Add([classes]);
        return shapes;
    }

    private static long[]? Next(StudentLayer layer, StudentLayer? previous, long[] shape) => layer switch
    {
        ConvLayer conv when shape.Length == 3 && shape[1] + (2 * conv.Padding) >= conv.Kernel && shape[2] + (2 * conv.Padding) >= conv.Kernel =>
            [conv.Channels, ((shape[1] + (2 * conv.Padding) - conv.Kernel) / conv.Stride) + 1, ((shape[2] + (2 * conv.Padding) - conv.Kernel) / conv.Stride) + 1],
        BatchNormLayer when previous is ConvLayer or LinearLayer => shape,
        PoolLayer pool when shape.Length == 3 && shape[1] >= pool.Kernel && shape[2] >= pool.Kernel => [shape[0], shape[1] / pool.Kernel, shape[2] / pool.Kernel],
        GlobalAveragePoolLayer when shape.Length == 3 => [shape[0], 1, 1],
        FlattenLayer => [shape.Aggregate(1L, (a, b) => a * b)],
        LinearLayer linear when shape.Length == 1 => [linear.Features],
        ReluLayer or DropoutLayer => shape,
        _ => null,
    };

    private static string Why(StudentLayer layer, StudentLayer? previous, long[] shape) => layer switch
    {
        ConvLayer or PoolLayer or GlobalAveragePoolLayer when shape.Length != 3 => "it needs an image [channels, height, width]",
        ConvLayer or PoolLayer => "the image is smaller than its kernel",
        BatchNormLayer => $"batchnorm must directly follow a conv or linear layer (it follows {(previous is null ? "the input" : $"'{previous}'")})",
        LinearLayer => "a linear layer needs a flat vector: put 'flatten' before it",
        _ => "unsupported",
    };

    private static string Text(long[] shape) => string.Join(", ", shape);
}
