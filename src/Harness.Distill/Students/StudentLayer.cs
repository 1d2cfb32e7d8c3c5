using System.Globalization;

namespace Harness.Distill.Students;

/// <summary>
/// One layer of a student, as a scenario writes it: <c>conv 16 3</c> (output channels, kernel;
/// stride 1, padded to keep the size) or <c>conv 16 3 2</c> (stride 2), <c>batchnorm</c>,
/// <c>relu</c>, <c>maxpool 2</c>, <c>avgpool 2</c> (kernel = stride), <c>globalavgpool</c> (each
/// channel's mean, [channels, 1, 1]), <c>flatten</c>, <c>linear 128</c>, <c>dropout 0.25</c>.
/// </summary>
public abstract record StudentLayer
{
    /// <summary>The layer in the words that parse back to it.</summary>
    public abstract override string ToString();

    public static StudentLayer Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var kind = words.Length > 0 ? words[0].ToLowerInvariant() : "";
        return (kind, words.Length) switch
        {
            ("conv", 3) => new ConvLayer(Positive(words[1], text), Positive(words[2], text)),
            ("conv", 4) => new ConvLayer(Positive(words[1], text), Positive(words[2], text), Positive(words[3], text)),
            ("batchnorm", 1) => new BatchNormLayer(),
            ("relu", 1) => new ReluLayer(),
            ("maxpool", 2) => new PoolLayer(PoolKind.Max, Positive(words[1], text)),
            ("avgpool", 2) => new PoolLayer(PoolKind.Average, Positive(words[1], text)),
            ("globalavgpool", 1) => new GlobalAveragePoolLayer(),
            ("flatten", 1) => new FlattenLayer(),
            ("linear", 2) => new LinearLayer(Positive(words[1], text)),
            ("dropout", 2) when double.TryParse(words[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and < 1 =>
                new DropoutLayer(rate),
            _ => throw new DistillationException(
                $"'{text}' is not a student layer; write one of: conv CHANNELS KERNEL [STRIDE], batchnorm, relu, maxpool K, avgpool K, globalavgpool, flatten, linear FEATURES, dropout RATE (0 to 1)"),
        };
    }

    private static int Positive(string word, string text) =>
        int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 65_536
            ? value
            : throw new DistillationException($"'{word}' in student layer '{text}' must be a whole number from 1 to 65536");
}

/// <summary>A 2-D convolution zero-padded by kernel/2 on each side: stride 1 keeps the size (odd kernels), stride 2 halves it.</summary>
public sealed record ConvLayer(int Channels, int Kernel, int Stride = 1) : StudentLayer
{
    public int Padding => Kernel / 2;

    /// <summary>Stride 1 is left out, so students written before strides keep their cache keys.</summary>
    public override string ToString() => Stride == 1
        ? string.Create(CultureInfo.InvariantCulture, $"conv {Channels} {Kernel}")
        : string.Create(CultureInfo.InvariantCulture, $"conv {Channels} {Kernel} {Stride}");
}

/// <summary>Batch normalisation of the layer before it (a conv or a linear); folded into that layer on export.</summary>
public sealed record BatchNormLayer : StudentLayer
{
    public const double Epsilon = 1e-5;

    public override string ToString() => "batchnorm";
}

public sealed record ReluLayer : StudentLayer
{
    public override string ToString() => "relu";
}

public enum PoolKind
{
    Max,
    Average,
}

/// <summary>Max or average pooling over Kernel×Kernel windows with stride Kernel, no padding.</summary>
public sealed record PoolLayer(PoolKind Kind, int Kernel) : StudentLayer
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(Kind == PoolKind.Max ? "maxpool" : "avgpool")} {Kernel}");
}

/// <summary>Each channel's mean over the whole image, [channels, 1, 1]: a classifier head that does not grow with the image.</summary>
public sealed record GlobalAveragePoolLayer : StudentLayer
{
    public override string ToString() => "globalavgpool";
}

public sealed record FlattenLayer : StudentLayer
{
    public override string ToString() => "flatten";
}

/// <summary>A fully connected layer on a flat vector.</summary>
public sealed record LinearLayer(int Features) : StudentLayer
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"linear {Features}");
}

/// <summary>Dropout while training; nothing at inference, so nothing on export.</summary>
public sealed record DropoutLayer(double Rate) : StudentLayer
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"dropout {Rate}");
}
