using System.Globalization;

namespace Harness.Data;

/// <summary>
/// A folder of PGM/PPM images (P2, P3, P5, P6) with a labels file: <c>labels.tsv</c>
/// (file, label, slice attributes) or <c>labels.txt</c> (one label per line, images in file-name
/// order). Labels are class indices or texts, as declared. Each image is read when its batch is.
/// </summary>
public sealed class NetpbmDataset : IDataset, IStoredSampleSource
{
    private static readonly string[] ImageExtensions = [".pgm", ".ppm", ".pnm"];

    private readonly IReadOnlyList<LabelledFile> _files;
    private readonly SampleLabel[] _labels;

    /// <param name="folder">The images' folder.</param>
    /// <param name="preprocessing">How images become model inputs.</param>
    /// <param name="labelKind">Whether labels are class indices or texts; <see cref="LabelKind.None"/> reads every image, unlabelled.</param>
    /// <param name="classCount">Class labels must lie in [0, classCount) when given.</param>
    /// <param name="labelsFile">The labels file; by default labels.tsv, else labels.txt, in the folder.</param>
    public NetpbmDataset(string folder, Preprocessing preprocessing, LabelKind labelKind = LabelKind.Class, int? classCount = null, string? labelsFile = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(preprocessing);
        preprocessing.Validate();
        if (!Directory.Exists(folder))
        {
            throw new DatasetException($"{folder} does not exist (expected a folder of .pgm/.ppm images with labels.tsv or labels.txt).", folder);
        }

        Folder = folder;
        Preprocessing = preprocessing;
        LabelKind = labelKind;
        ClassCount = classCount;
        LabelsPath = labelsFile ?? DefaultLabelsFile(folder, labelKind);
        _files = ListFiles();
        if (_files.Count == 0)
        {
            throw DatasetException.InFile(LabelsPath ?? folder, "lists no images: the dataset is empty.");
        }

        _labels = ParseLabels();
    }

    public string Folder { get; }

    /// <summary>The labels file read, or null for an unlabelled folder.</summary>
    public string? LabelsPath { get; }

    public string Name => LabelsPath is null ? Path.GetFileName(Folder) : $"{Path.GetFileName(Folder)}/{Path.GetFileName(LabelsPath)}";

    public string Source => Folder;

    public int Count => _files.Count;

    public LabelKind LabelKind { get; }

    public int? ClassCount { get; }

    public Preprocessing Preprocessing { get; }

    /// <summary>The image files in dataset order (names relative to <see cref="Folder"/>).</summary>
    public IEnumerable<string> Files => _files.Select(f => f.FileName);

    public IEnumerable<SampleBatch> ReadBatches(int batchSize, int limit = int.MaxValue)
    {
        var total = BatchAssembler.Total(this, batchSize, limit);
        return BatchAssembler.Assemble(ReadSamples(total), total, batchSize, Preprocessing, Source);
    }

    IEnumerable<RawSample> IStoredSampleSource.ReadStoredSamples(int total) => ReadSamples(total);

    private static string? DefaultLabelsFile(string folder, LabelKind kind)
    {
        var tsv = Path.Combine(folder, LabelsFile.TsvName);
        var text = Path.Combine(folder, LabelsFile.TextName);
        if (File.Exists(tsv))
        {
            return tsv;
        }

        if (File.Exists(text))
        {
            return text;
        }

        return kind == LabelKind.None
            ? null
            : throw new DatasetException($"{folder} has neither {LabelsFile.TsvName} nor {LabelsFile.TextName}; add one, or pass the labels file.", folder);
    }

    private List<LabelledFile> ListFiles()
    {
        if (LabelsPath is not null && !File.Exists(LabelsPath))
        {
            throw new DatasetException($"{LabelsPath} does not exist.", LabelsPath);
        }

        if (LabelsPath is not null && LabelsFile.IsTsv(LabelsPath))
        {
            var listed = LabelsFile.ReadTsv(LabelsPath);
            foreach (var entry in listed)
            {
                if (!File.Exists(Path.Combine(Folder, entry.FileName)))
                {
                    throw new DatasetException(
                        $"{LabelsPath}: line {entry.Line.ToString(CultureInfo.InvariantCulture)} names {entry.FileName}, which does not exist in {Folder}.",
                        LabelsPath,
                        entry.FileName);
                }
            }

            return listed;
        }

        // Ordinal order: "file-name order" must not depend on the machine's culture.
        var images = Directory.EnumerateFiles(Folder)
            .Select(Path.GetFileName)
            .Where(name => ImageExtensions.Contains(Path.GetExtension(name!), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        return LabelsPath is null
            ? images.Select((name, i) => new LabelledFile(name!, string.Empty, System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty, i + 1)).ToList()
            : LabelsFile.ReadLines(LabelsPath, images!);
    }

    private SampleLabel[] ParseLabels()
    {
        var labels = new SampleLabel[_files.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            var entry = _files[i];
            labels[i] = LabelKind switch
            {
                LabelKind.Text => SampleLabel.OfText(entry.Label),
                LabelKind.Class => SampleLabel.Class(ParseClass(entry)),
                _ => SampleLabel.None,
            };
        }

        return labels;
    }

    private int ParseClass(LabelledFile entry)
    {
        var line = entry.Line.ToString(CultureInfo.InvariantCulture);
        if (!int.TryParse(entry.Label.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var label))
        {
            throw new DatasetException($"{LabelsPath}: line {line}: label '{entry.Label}' of {entry.FileName} is not a class index.", LabelsPath, entry.FileName);
        }

        if (label < 0 || (ClassCount is { } classes && label >= classes))
        {
            var range = ClassCount is { } c ? $"the {c} classes [0, {c - 1}]" : "the class indices (it is negative)";
            throw new DatasetException($"{LabelsPath}: line {line}: {entry.FileName} has label {label}, outside {range}.", LabelsPath, entry.FileName);
        }

        return label;
    }

    private IEnumerable<RawSample> ReadSamples(int total)
    {
        for (var i = 0; i < total; i++)
        {
            var entry = _files[i];
            var path = Path.Combine(Folder, entry.FileName);
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DatasetException($"{path}: cannot be read ({e.Message}).", path, entry.FileName, e);
            }

            var image = NetpbmImage.Decode(bytes, path);
            var tensor = new SampleTensor(null, image.ElementType, image.Shape, image.Layout, image.Data);
            yield return new RawSample(new SampleInfo(i, entry.FileName, _labels[i], entry.Slices), [tensor]);
        }
    }
}
