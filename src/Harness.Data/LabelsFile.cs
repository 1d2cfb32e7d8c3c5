using System.Collections.ObjectModel;
using System.Globalization;

namespace Harness.Data;

/// <summary>One file named by a labels file, with its label text and slice attributes, and the line that says so.</summary>
internal sealed record LabelledFile(string FileName, string Label, IReadOnlyDictionary<string, string> Slices, int Line);

/// <summary>
/// The two ways a folder of images is labelled: <c>labels.txt</c>, one label per line matched to
/// the images in file-name order; or <c>labels.tsv</c>, one line per image,
/// <c>file&lt;TAB&gt;label&lt;TAB&gt;attribute=value…</c>, which also carries slice attributes and
/// fixes the order itself.
/// </summary>
internal static class LabelsFile
{
    public const string TsvName = "labels.tsv";
    public const string TextName = "labels.txt";

    private static readonly IReadOnlyDictionary<string, string> NoSlices = ReadOnlyDictionary<string, string>.Empty;

    public static bool IsTsv(string path) => path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase);

    /// <summary>Labels for <paramref name="images"/> (file names in order), one line each; blank trailing lines are ignored.</summary>
    public static List<LabelledFile> ReadLines(string path, IReadOnlyList<string> images)
    {
        var lines = ReadAll(path);
        var count = lines.Length;
        while (count > 0 && lines[count - 1].Length == 0)
        {
            count--;
        }

        if (count < images.Count)
        {
            throw new DatasetException(
                $"{path}: has {count} labels for {images.Count} images; {images[count]} (and any after it) has no label. Add one line per image, in file-name order.",
                path,
                images[count]);
        }

        if (count > images.Count)
        {
            throw DatasetException.InFile(path, $"has {count} labels but the folder has only {images.Count} images; line {images.Count + 1} has no image.");
        }

        var result = new List<LabelledFile>(count);
        for (var i = 0; i < count; i++)
        {
            result.Add(new LabelledFile(images[i], lines[i], NoSlices, i + 1));
        }

        return result;
    }

    /// <summary>Every non-blank line of a labels.tsv; lines starting with # are comments.</summary>
    public static List<LabelledFile> ReadTsv(string path)
    {
        var lines = ReadAll(path);
        var result = new List<LabelledFile>(lines.Length);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            var number = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (fields.Length < 2 || fields[0].Length == 0)
            {
                throw DatasetException.InFile(path, $"line {number} is not 'file<TAB>label[<TAB>attribute=value…]'.");
            }

            if (!seen.Add(fields[0]))
            {
                throw DatasetException.InFile(path, $"line {number} names {fields[0]} a second time.");
            }

            var slices = NoSlices;
            if (fields.Length > 2)
            {
                var attributes = new Dictionary<string, string>(fields.Length - 2, StringComparer.Ordinal);
                for (var f = 2; f < fields.Length; f++)
                {
                    var equals = fields[f].IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw DatasetException.InFile(path, $"line {number}: '{fields[f]}' is not an attribute=value pair.");
                    }

                    attributes[fields[f][..equals]] = fields[f][(equals + 1)..];
                }

                slices = new ReadOnlyDictionary<string, string>(attributes);
            }

            result.Add(new LabelledFile(fields[0], fields[1], slices, i + 1));
        }

        return result;
    }

    private static string[] ReadAll(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DatasetException.InFile(path, $"cannot be read ({e.Message}).", e);
        }
    }
}
