using TorchSharp;
using static TorchSharp.torch;
using TorchModule = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;

namespace Harness.Distill.Students;

/// <summary>One layer of a built student and the TorchSharp module that computes it.</summary>
public sealed record StudentPart(StudentLayer Layer, TorchModule Module);

/// <summary>
/// A student built on TorchSharp from its architecture: the hidden layers, then the classifier.
/// Its parts stay addressable by layer, so the exporter reads each one's weights directly.
/// Initialisation is seeded by the caller (<c>torch.manual_seed</c>) before construction.
/// </summary>
public sealed class StudentNetwork : IDisposable
{
    public StudentNetwork(StudentArchitecture architecture, IReadOnlyList<long> sampleShape, int classes)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var shapes = StudentShapes.Infer(architecture, sampleShape, classes);
        Architecture = architecture;
        SampleShape = [.. sampleShape];
        Classes = classes;
        var parts = new List<StudentPart>();
        var input = SampleShape;
        for (var i = 0; i < architecture.Layers.Count; i++)
        {
            parts.Add(new StudentPart(architecture.Layers[i], Create(architecture.Layers[i], input)));
            input = shapes[i];
        }

        Classifier = nn.Linear(input[0], classes);
        parts.Add(new StudentPart(new LinearLayer(classes), Classifier));
        Parts = parts;
        Model = nn.Sequential(parts.Select((p, i) => ($"layer{i}", p.Module)).ToArray());
    }

    public StudentArchitecture Architecture { get; }

    /// <summary>One sample's input shape (the batch axis left out).</summary>
    public long[] SampleShape { get; }

    public int Classes { get; }

    /// <summary>Every layer in order, the classifier last.</summary>
    public IReadOnlyList<StudentPart> Parts { get; }

    public nn.Module<Tensor, Tensor> Model { get; }

    private TorchModule Classifier { get; }

    /// <summary>Weights and running statistics, copied, for keeping the best epoch's state.</summary>
    public Dictionary<string, Tensor> Snapshot() => Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone(), StringComparer.Ordinal);

    public void Restore(Dictionary<string, Tensor> snapshot) => Model.load_state_dict(snapshot);

    public Tensor Forward(Tensor input) => Model.forward(input);

    public void Dispose() => Model.Dispose();

    private static TorchModule Create(StudentLayer layer, long[] input) => layer switch
    {
        ConvLayer conv => nn.Conv2d(input[0], conv.Channels, conv.Kernel, stride: conv.Stride, padding: conv.Padding),
        BatchNormLayer when input.Length == 3 => nn.BatchNorm2d(input[0], eps: BatchNormLayer.Epsilon),
        BatchNormLayer => nn.BatchNorm1d(input[0], eps: BatchNormLayer.Epsilon),
        ReluLayer => nn.ReLU(),
        PoolLayer { Kind: PoolKind.Max } pool => nn.MaxPool2d(pool.Kernel, pool.Kernel),
        PoolLayer pool => nn.AvgPool2d(pool.Kernel, pool.Kernel),
        GlobalAveragePoolLayer => nn.AdaptiveAvgPool2d(1),
        FlattenLayer => nn.Flatten(),
        LinearLayer linear => nn.Linear(input[0], linear.Features),
        DropoutLayer dropout => nn.Dropout(dropout.Rate),
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, "a student layer without a TorchSharp module"),
    };
}
