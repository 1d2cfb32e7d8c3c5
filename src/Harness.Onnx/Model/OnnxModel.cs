using Google.Protobuf;
using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Model;

/// <summary>
/// An ONNX model read by our own code: the protobuf message plus where it came from, which is
/// needed to find tensors stored in external data files. Everything a user can get wrong about a
/// model file becomes one <see cref="ModelFormatException"/>.
/// </summary>
public sealed class OnnxModel
{
    private const string InMemory = "(in-memory model)";

    private OnnxModel(ModelProto proto, string sourceName, string? baseDirectory)
    {
        Proto = proto;
        SourceName = sourceName;
        BaseDirectory = baseDirectory;
    }

    /// <summary>The model. Unknown fields (newer ONNX additions) are kept and written back.</summary>
    public ModelProto Proto { get; }

    /// <summary>The file the model came from, or a description of its source; used in messages.</summary>
    public string SourceName { get; }

    /// <summary>The folder external data locations are relative to; null for a model that has no folder.</summary>
    public string? BaseDirectory { get; }

    public GraphProto Graph => Proto.Graph;

    /// <summary>True when any tensor keeps its values in an external file.</summary>
    public bool HasExternalData => GraphTensors.All(Proto.Graph).Any(TensorData.IsExternal);

    /// <summary>
    /// The inputs a caller feeds: graph inputs that are not initializers. Models from before IR 4
    /// list every initializer as an input too; those have defaults and are not fed.
    /// </summary>
    public IReadOnlyList<ValueInfoProto> Inputs
    {
        get
        {
            var initializers = Proto.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            return Proto.Graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
        }
    }

    public IReadOnlyList<ValueInfoProto> Outputs => Proto.Graph.Output;

    /// <summary>Reads and checks a model file, including that its external data files are there and big enough.</summary>
    public static OnnxModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new ModelFormatException($"{path} is a folder, not an ONNX model file. Give the path of the .onnx file inside it.");
        }

        if (!File.Exists(fullPath))
        {
            throw new ModelFormatException(
                $"Model file {path} does not exist. Check the path; the benchmark models are fetched by ./run.sh into ~/.cache/harness/models.");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException($"Model file {path} could not be read: {e.Message}", e);
        }

        return Parse(bytes, path, Path.GetDirectoryName(fullPath));
    }

    /// <summary>
    /// Parses model bytes. With <paramref name="baseDirectory"/> external data is resolved and
    /// checked against it; without, the model can be inspected and saved only if all of it is inline.
    /// </summary>
    public static OnnxModel Parse(ReadOnlySpan<byte> bytes, string sourceName, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        if (bytes.IsEmpty)
        {
            throw new ModelFormatException($"Model file {sourceName} is empty (0 bytes). Fetch or export it again.");
        }

        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(DescribeParseFailure(sourceName, bytes.Length, e), e);
        }

        // Protobuf accepts many byte strings as a message with only unknown fields, so a successful
        // parse alone does not prove this is a model. ONNX Runtime refuses a model with no graph or
        // no IR version, so we do too, before anything later trips over it.
        if (proto.Graph is null || proto.IrVersion <= 0)
        {
            throw new ModelFormatException(
                $"{sourceName} is not an ONNX model: it parses as protobuf but has no {(proto.Graph is null ? "graph" : "IR version")}. " +
                "Check that the path names an .onnx model file.");
        }

        var model = new OnnxModel(proto, sourceName, baseDirectory);
        if (baseDirectory is not null)
        {
            foreach (var tensor in GraphTensors.All(proto.Graph).Where(TensorData.IsExternal))
            {
                _ = ExternalDataReference.Locate(tensor, baseDirectory, sourceName);
            }
        }

        return model;
    }

    /// <summary>Wraps a message built in code (see <see cref="GraphBuilder"/>) or changed by a pass.</summary>
    public static OnnxModel FromProto(ModelProto proto, string sourceName = InMemory, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(proto);
        return new OnnxModel(proto, sourceName, baseDirectory);
    }

    /// <summary>The file name Save gives external data: the model's file name plus ".data".</summary>
    public static string ExternalDataPathFor(string modelPath) => modelPath + ".data";

    /// <summary>Bytes on disk of a model file and, where it has one, its external-data file beside it.</summary>
    public static long FileSize(string modelPath)
    {
        var data = ExternalDataPathFor(Path.GetFullPath(modelPath));
        return new FileInfo(modelPath).Length + (File.Exists(data) ? new FileInfo(data).Length : 0);
    }

    public byte[] ToBytes() => Proto.ToByteArray();

    /// <summary>
    /// Writes the model to <paramref name="path"/> atomically (temporary file, then rename). Tensors
    /// stored externally stay external: their bytes are copied into one file beside the target
    /// (<see cref="ExternalDataPathFor"/>) and their locations rewritten in the written copy, so the
    /// saved model is complete in its new folder; this object is not changed.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var target = Path.GetFullPath(path);
        if (Path.GetDirectoryName(target) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        if (HasExternalData)
        {
            ExternalDataWriter.Save(this, target);
        }
        else
        {
            AtomicFile.Write(target, Proto.WriteTo);
        }
    }

    /// <summary>A tensor's little-endian element bytes, wherever they are stored (raw_data, typed fields or an external file).</summary>
    public byte[] ReadTensorBytes(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return TensorData.IsExternal(tensor) ? LocateExternal(tensor).ReadAll() : TensorData.GetBytes(tensor);
    }

    public TensorValue ReadTensor(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new TensorValue(tensor.Name, TensorData.ElementTypeOf(tensor), [.. tensor.Dims], ReadTensorBytes(tensor));
    }

    public TensorProto? FindInitializer(string name) =>
        Proto.Graph.Initializer.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    internal ExternalDataSpan LocateExternal(TensorProto tensor)
    {
        if (BaseDirectory is null)
        {
            var location = ExternalDataReference.Read(tensor, SourceName).Location;
            throw new ModelFormatException(
                $"Tensor '{tensor.Name}' of {SourceName} is stored in external file '{location}', but the model has no folder to find it in. " +
                "Load the model from its file (OnnxModel.Load) or parse it with the folder that holds its data.");
        }

        return ExternalDataReference.Locate(tensor, BaseDirectory, SourceName);
    }

    private static string DescribeParseFailure(string sourceName, int length, InvalidProtocolBufferException e)
    {
        // Google.Protobuf has no error codes; its message for running out of input is the one case
        // worth telling apart, because a cut-off download or copy is the usual cause.
        var truncated = e.Message.Contains("ended unexpectedly", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("truncated", StringComparison.OrdinalIgnoreCase);
        return truncated
            ? $"{sourceName} ({length} bytes) ends in the middle of a protobuf field: the file is truncated (an interrupted download or copy?) " +
              "or is not an ONNX model. Fetch or export it again."
            : $"{sourceName} is not an ONNX model: it is not valid protobuf ({e.Message.TrimEnd('.')}). Check that the path names an .onnx model file.";
    }
}
