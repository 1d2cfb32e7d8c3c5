using System.Collections.ObjectModel;
using System.Globalization;
using Harness.Onnx;

namespace Harness.Data;

/// <summary>
/// Samples stacked along the first axis of a NumPy array (<c>.npy</c>, or one array of an
/// <c>.npz</c>), little-endian, C order, with class labels from a second, one-dimensional integer
/// array. Samples stream from the file; labels (small) are read whole.
/// </summary>
public sealed class NpyDataset : IDataset, IStoredSampleSource
{
    private static readonly IReadOnlyDictionary<string, string> NoSlices = ReadOnlyDictionary<string, string>.Empty;

    private readonly string _dataPath;
    private readonly string? _dataMember;
    private readonly string? _labelsPath;
    private readonly string? _labelsMember;
    private readonly NpyHeader _header;
    private readonly SampleLayout _layout;

    private NpyDataset(
        string dataPath, string? dataMember, string? labelsPath, string? labelsMember, Preprocessing preprocessing, int? classCount, SampleLayout? layout)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        preprocessing.Validate();
        (_dataPath, _dataMember, _labelsPath, _labelsMember) = (dataPath, dataMember, labelsPath, labelsMember);
        Preprocessing = preprocessing;
        ClassCount = classCount;
        using var data = NpyArrayStream.Open(dataPath, dataMember);
        Source = data.DisplayPath;
        _header = data.Header;
        if (_header.Shape.Length == 0)
        {
            throw DatasetException.InFile(Source, "holds a scalar; samples are stacked along the first axis, shape (N, …).");
        }

        if (_header.Shape[0] == 0)
        {
            throw DatasetException.InFile(Source, "holds no samples (its first axis is 0): the dataset is empty.");
        }

        Count = _header.Shape[0];
        _layout = layout ?? SampleLayouts.Infer(_header.Shape.AsSpan(1));
        if (labelsPath is not null)
        {
            using var labels = NpyArrayStream.Open(labelsPath, labelsMember);
            if (labels.Header.Shape.Length == 0 || labels.Header.Shape[0] < Count)
            {
                throw DatasetException.InFile(
                    labels.DisplayPath, $"has {(labels.Header.Shape.Length == 0 ? 0 : labels.Header.Shape[0])} labels for the {Count} samples of {Source}.");
            }
        }
    }

    /// <summary>Samples from one .npy file; labels, if any, from another.</summary>
    public static NpyDataset FromNpy(string dataPath, string? labelsPath, Preprocessing preprocessing, int? classCount = null, SampleLayout? layout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataPath);
        return new NpyDataset(dataPath, null, labelsPath, null, preprocessing, classCount, layout);
    }

    /// <summary>Samples and labels from two arrays of one .npz (as <c>numpy.savez(path, x=…, y=…)</c> writes); a null labels array means unlabelled.</summary>
    public static NpyDataset FromNpz(
        string path, Preprocessing preprocessing, string dataArray = "x", string? labelsArray = "y", int? classCount = null, SampleLayout? layout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(dataArray);
        return new NpyDataset(path, dataArray, labelsArray is null ? null : path, labelsArray, preprocessing, classCount, layout);
    }

    public string Name => _dataMember is null ? Path.GetFileNameWithoutExtension(_dataPath) : $"{Path.GetFileNameWithoutExtension(_dataPath)}:{_dataMember}";

    public string Source { get; }

    public int Count { get; }

    public LabelKind LabelKind => _labelsPath is null ? LabelKind.None : LabelKind.Class;

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
        int[]? labels = null;
        string? labelsSource = null;
        if (_labelsPath is not null)
        {
            using var labelStream = NpyArrayStream.Open(_labelsPath, _labelsMember);
            labels = labelStream.ReadIntegers();
            labelsSource = labelStream.DisplayPath;
        }

        using var data = NpyArrayStream.Open(_dataPath, _dataMember);
        var sampleShape = _header.Shape[1..];
        var buffer = new byte[checked((int)(_header.ElementCount / Count) * _header.ElementType.SizeInBytes())];
        var name = Path.GetFileName(_dataPath) + (_dataMember is null ? string.Empty : ":" + _dataMember);
        for (var i = 0; i < total; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{name}[{i}]");
            data.Read(buffer, id);
            var label = SampleLabel.None;
            if (labels is not null)
            {
                if (labels[i] < 0 || (ClassCount is { } classes && labels[i] >= classes))
                {
                    throw DatasetException.InSample(
                        labelsSource!, id, $"has label {labels[i]}, outside {(ClassCount is { } c ? $"the {c} classes [0, {c - 1}]" : "the class indices (negative)")}.");
                }

                label = SampleLabel.Class(labels[i]);
            }

            // The buffer is reused: the assembler copies it into the batch before asking for the next sample.
            var tensor = new SampleTensor(null, _header.ElementType, sampleShape, _layout, buffer);
            yield return new RawSample(new SampleInfo(i, id, label, NoSlices), [tensor]);
        }
    }
}
