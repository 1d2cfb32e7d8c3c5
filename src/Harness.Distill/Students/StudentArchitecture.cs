namespace Harness.Distill.Students;

/// <summary>
/// A student's hidden layers; a linear classifier with one output per teacher class is appended
/// to them, so the same architecture serves any teacher. Named presets cover the usual shapes.
/// </summary>
public sealed record StudentArchitecture(string Name, IReadOnlyList<StudentLayer> Layers)
{
    /// <summary>The built-in students (and a teacher-sized CNN), by name.</summary>
    public static IReadOnlyDictionary<string, StudentArchitecture> Presets { get; } = new Dictionary<string, StudentArchitecture>(StringComparer.Ordinal)
    {
        ["mlp"] = Of("mlp", "flatten", "linear 128", "relu"),
        ["mlp-tiny"] = Of("mlp-tiny", "flatten", "linear 32", "relu"),
        ["cnn-small"] = Of("cnn-small", "conv 8 3", "batchnorm", "relu", "maxpool 2", "conv 16 3", "batchnorm", "relu", "maxpool 2", "flatten"),
        // For text lines (3×48×192): four stride-2 convolutions and a global average, about 4 MFLOPs.
        ["cnn-lines"] = Of(
            "cnn-lines",
            "conv 8 3 2", "batchnorm", "relu", "conv 16 3 2", "batchnorm", "relu", "conv 32 3 2", "batchnorm", "relu", "conv 32 3 2", "batchnorm", "relu", "globalavgpool", "flatten"),
        // Two convolutions of 16 and 32 channels: about 1.2 M multiply-adds a 28×28 image, so six
        // epochs of Fashion-MNIST train in three minutes on two cores; with 32 and 64 channels one
        // epoch took two and a half minutes on the same busy machine.
        ["cnn-teacher"] = Of(
            "cnn-teacher",
            "conv 16 3", "batchnorm", "relu", "maxpool 2", "conv 32 3", "batchnorm", "relu", "maxpool 2", "flatten", "linear 128", "relu", "dropout 0.25"),
    };

    public static StudentArchitecture Of(string name, params string[] layers) => new(name, layers.Select(StudentLayer.Parse).ToList());

    /// <summary>A preset's name, or layers separated by commas (<c>conv 8 3, relu, maxpool 2, flatten</c>).</summary>
    public static StudentArchitecture Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Presets.TryGetValue(text.Trim(), out var preset))
        {
            return preset;
        }

        var layers = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return layers.Length > 1 || (layers.Length == 1 && text.Contains(' ', StringComparison.Ordinal))
            ? new StudentArchitecture("custom", layers.Select(StudentLayer.Parse).ToList())
            : throw new DistillationException(
                $"unknown student '{text}'; name a preset ({string.Join(", ", Presets.Keys)}) or list layers separated by commas, e.g. 'conv 8 3, relu, maxpool 2, flatten'");
    }

    /// <summary>The layers as the scenario would write them, which also keys the cache.</summary>
    public string Describe() => string.Join(", ", Layers);
}
