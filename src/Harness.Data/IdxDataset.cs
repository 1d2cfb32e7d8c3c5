using System.Collections.ObjectModel;
using System.Globalization;
using Harness.Onnx;

namespace Harness.Data;

/// <summary>
/// An IDX image file with its IDX label file (MNIST, Fashion-MNIST), each plain or gzip-compressed.
/// Samples are [rows, columns] bytes (or whatever the file's later dimensions are), labels one
/// byte each. Reading streams both files, so a pass over the first N samples decompresses only
/// those.
/// </summary>
public sealed class IdxDataset : IDataset, IStoredSampleSource
{
    private static readonly IReadOnlyDictionary<string, string> NoSlices = ReadOnlyDictionary<string, string>.Empty;

    private readonly int[] _sampleShape;
    private readonly SampleLayout _layout;

    public IdxDataset(string imagesPath, string labelsPath, Preprocessing preprocessing, int? classCount = null, SampleLayout? layout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        ArgumentException.ThrowIfNullOrEmpty(labelsPath);
        ArgumentNullException.ThrowIfNull(preprocessing);
        preprocessing.Validate();
        ImagesPath = imagesPath;
        LabelsPath = labelsPath;
        Preprocessing = preprocessing;
        ClassCount = classCount;
        using var images = IdxFile.Open(imagesPath);
        using var labels = IdxFile.Open(labelsPath);
        if (images.Dimensions.Length < 2)
        {
            throw DatasetException.InFile(imagesPath, $"has {images.Dimensions.Length} dimension; an image file needs a count and at least one sample dimension.");
        }

        if (labels.Dimensions.Length != 1)
        {
            throw DatasetException.InFile(labelsPath, $"has {labels.Dimensions.Length} dimensions; a label file has one (the count).");
        }

        if (images.Count == 0)
        {
            throw DatasetException.InFile(imagesPath, "holds no samples: the dataset is empty.");
        }

        if (labels.Count < images.Count)
        {
            throw DatasetException.InFile(labelsPath, $"has {labels.Count} labels for the {images.Count} images of {imagesPath}.");
        }

        Count = images.Count;
        _sampleShape = images.Dimensions[1..];
        _layout = layout ?? SampleLayouts.Infer(_sampleShape);
    }

    /// <summary>Fashion-MNIST's test split (t10k, 10 000 samples) or training split (train) from a folder with the four gz files.</summary>
    public static IdxDataset FashionMnist(string folder, Preprocessing preprocessing, string split = "t10k") =>
        new(
            Path.Combine(folder, split + "-images-idx3-ubyte.gz"),
            Path.Combine(folder, split + "-labels-idx1-ubyte.gz"),
            preprocessing,
            classCount: 10);

    /// <summary>Fashion-MNIST's class names, by label.</summary>
    public static IReadOnlyList<string> FashionMnistClasses { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public string ImagesPath { get; }

    public string LabelsPath { get; }

    public string Name => Path.GetFileName(ImagesPath) is var file && file.EndsWith(".gz", StringComparison.Ordinal) ? file[..^3] : Path.GetFileName(ImagesPath);

    public string Source => ImagesPath;

    public int Count { get; }

    public LabelKind LabelKind => LabelKind.Class;

    public int? ClassCount { get; }

    public Preprocessing Preprocessing { get; }

    public IEnumerable<SampleBatch> ReadBatches(int batchSize, int limit = int.MaxValue)
    {
        var total = BatchAssembler.Total(this, batchSize, limit);
        return BatchAssembler.Assemble(ReadSamples(total), total, batchSize, Preprocessing, Source);
    }

    IEnumerable<RawSample> IStoredSampleSource.ReadStoredSamples(int total) => ReadSamples(total);

    private IEnumerable<RawSample> ReadSamples(int total)
    {
        using var images = IdxFile.Open(ImagesPath);
        using var labels = IdxFile.Open(LabelsPath);
        var name = Path.GetFileName(ImagesPath);
        var pixels = new byte[images.SampleSize];
        var label = new byte[1];
        for (var i = 0; i < total; i++)
        {
            images.ReadSample(pixels, i);
            labels.ReadSample(label, i);
            var id = string.Create(CultureInfo.InvariantCulture, $"{name}[{i}]");
            if (ClassCount is { } classes && label[0] >= classes)
            {
                throw DatasetException.InSample(LabelsPath, id, $"has label {label[0]}, outside the {classes} classes [0, {classes - 1}].");
            }

            // The pixel buffer is reused: the assembler copies it into the batch before asking for the next sample.
            var tensor = new SampleTensor(null, TensorElementType.UInt8, _sampleShape, _layout, pixels);
            yield return new RawSample(new SampleInfo(i, id, SampleLabel.Class(label[0]), NoSlices), [tensor]);
        }
    }
}
