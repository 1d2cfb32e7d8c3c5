using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Model;

/// <summary>
/// The folder layout of ONNX's backend tests and ONNX Runtime's perf tool: <c>model.onnx</c> plus
/// <c>test_data_set_0/</c>, <c>test_data_set_1/</c>… each holding <c>input_0.pb</c>…,
/// <c>output_0.pb</c>… (one serialized TensorProto per file). A tensor's <c>name</c> says which graph
/// input or output it is; a file without one takes the graph's order (inputs not counting initializers).
/// </summary>
public sealed partial record TestDataDirectory(string Directory, string ModelPath, IReadOnlyList<TestDataSet> Sets)
{
    public const string ModelFileName = "model.onnx";
    public const string SetPrefix = "test_data_set_";

    private const string LayoutHint = "A test data folder holds model.onnx and test_data_set_0/, test_data_set_1/… with input_N.pb and output_N.pb files.";

    public static TestDataDirectory Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new ModelFormatException($"Test data folder {directory} does not exist. {LayoutHint}");
        }

        var modelPath = Path.Combine(directory, ModelFileName);
        if (!File.Exists(modelPath))
        {
            throw new ModelFormatException($"Test data folder {directory} has no {ModelFileName}. {LayoutHint}");
        }

        var model = OnnxModel.Load(modelPath);
        var inputNames = model.Inputs.Select(i => i.Name).ToList();
        var outputNames = model.Outputs.Select(o => o.Name).ToList();
        var setFolders = Numbered(System.IO.Directory.EnumerateDirectories(directory), SetFolderPattern());
        if (setFolders.Count == 0)
        {
            throw new ModelFormatException($"Test data folder {directory} has no {SetPrefix}N folders. {LayoutHint}");
        }

        var sets = setFolders
            .Select(folder => new TestDataSet(
                Path.GetFileName(folder),
                ReadTensors(folder, InputFilePattern(), inputNames, "input"),
                ReadTensors(folder, OutputFilePattern(), outputNames, "output")))
            .ToList();
        return new TestDataDirectory(directory, modelPath, sets);
    }

    /// <summary>
    /// Writes a test data folder (model plus one numbered folder per set) and loads it back, so
    /// what is returned is what a reader of the folder sees. Tensors are written under their names.
    /// </summary>
    public static TestDataDirectory Write(string directory, OnnxModel model, IReadOnlyList<TestDataSet> sets)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sets);
        System.IO.Directory.CreateDirectory(directory);
        model.Save(Path.Combine(directory, ModelFileName));
        for (var i = 0; i < sets.Count; i++)
        {
            var folder = Path.Combine(directory, SetPrefix + i.ToString(CultureInfo.InvariantCulture));
            System.IO.Directory.CreateDirectory(folder);
            WriteTensors(folder, "input", sets[i].Inputs);
            WriteTensors(folder, "output", sets[i].ExpectedOutputs);
        }

        return Load(directory);
    }

    private static void WriteTensors(string folder, string kind, IReadOnlyList<TensorValue> tensors)
    {
        for (var i = 0; i < tensors.Count; i++)
        {
            var path = Path.Combine(folder, $"{kind}_{i.ToString(CultureInfo.InvariantCulture)}.pb");
            File.WriteAllBytes(path, tensors[i].ToProto().ToByteArray());
        }
    }

    private static List<TensorValue> ReadTensors(string folder, Regex pattern, List<string> graphNames, string kind)
    {
        var files = Numbered(System.IO.Directory.EnumerateFiles(folder), pattern);
        var tensors = new List<TensorValue>(files.Count);
        for (var position = 0; position < files.Count; position++)
        {
            var file = files[position];
            var expectedName = $"{kind}_{position.ToString(CultureInfo.InvariantCulture)}.pb";
            if (!string.Equals(Path.GetFileName(file), expectedName, StringComparison.Ordinal))
            {
                throw new ModelFormatException(
                    $"{folder} has {Path.GetFileName(file)} but no {expectedName}: {kind} files are numbered from 0 without gaps.");
            }

            var value = ReadTensorFile(file);
            tensors.Add(value.WithName(ResolveName(value.Name, position, graphNames, file, kind)));
        }

        return tensors;
    }

    private static TensorValue ReadTensorFile(string file)
    {
        try
        {
            var proto = TensorProto.Parser.ParseFrom(File.ReadAllBytes(file));
            if (proto.DataType == 0)
            {
                throw new ModelFormatException($"{file} is not a serialized ONNX tensor: it has no element type. Write it again from a TensorProto.");
            }

            return TensorValue.FromProto(proto);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException($"{file} is not a serialized ONNX tensor ({e.Message.TrimEnd('.')}). Write it again from a TensorProto.", e);
        }
        catch (ModelFormatException e) when (!e.Message.StartsWith(file, StringComparison.Ordinal))
        {
            throw new ModelFormatException($"{file}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or OverflowException)
        {
            throw new ModelFormatException($"{file} could not be read as an ONNX tensor: {e.Message}", e);
        }
    }

    private static string ResolveName(string fileName, int position, List<string> graphNames, string file, string kind)
    {
        if (fileName.Length > 0)
        {
            return graphNames.Contains(fileName)
                ? fileName
                : throw new ModelFormatException(
                    $"{file} holds tensor '{fileName}', but the model's {kind}s are [{string.Join(", ", graphNames)}]. " +
                    "Rename the tensor, or clear its name to match by position.");
        }

        return position < graphNames.Count
            ? graphNames[position]
            : throw new ModelFormatException(
                $"{file} has no tensor name and is {kind} number {position}, but the model has only {graphNames.Count} {kind}s.");
    }

    /// <summary>Paths whose file name matches <paramref name="pattern"/>, ordered by their number (so 10 comes after 9).</summary>
    private static List<string> Numbered(IEnumerable<string> paths, Regex pattern) =>
        paths
            .Select(path => (Path: path, Match: pattern.Match(Path.GetFileName(path))))
            .Where(p => p.Match.Success)
            .OrderBy(p => long.Parse(p.Match.Groups[1].ValueSpan, CultureInfo.InvariantCulture))
            .Select(p => p.Path)
            .ToList();

    [GeneratedRegex(@"^test_data_set_(\d{1,9})$")]
    private static partial Regex SetFolderPattern();

    [GeneratedRegex(@"^input_(\d{1,9})\.pb$")]
    private static partial Regex InputFilePattern();

    [GeneratedRegex(@"^output_(\d{1,9})\.pb$")]
    private static partial Regex OutputFilePattern();
}
