using Google.Protobuf;
using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Model;

/// <summary>
/// Saves a model whose tensors live partly in external files: all external bytes are gathered into
/// one data file beside the target and the written copy's locations point there, so the saved model
/// does not depend on its source folder.
/// </summary>
internal static class ExternalDataWriter
{
    // Large tensors start on a 64 KiB boundary so ONNX Runtime can memory-map them instead of
    // copying (the same threshold and granularity as ONNX's own external-data writer).
    private const long AlignThreshold = 1 << 20;
    private const long Alignment = 1 << 16;

    public static void Save(OnnxModel model, string target)
    {
        var dataPath = OnnxModel.ExternalDataPathFor(target);
        var copy = model.Proto.Clone();
        var externals = GraphTensors.All(copy.Graph).Where(TensorData.IsExternal).ToList();

        // Both files are complete on disk before either replaces anything. The two renames are not
        // one atomic step; data goes first, so a crash between them leaves a whole new data file
        // beside a whole old model, never a half-written file.
        var dataTemporary = AtomicFile.WriteTemporary(dataPath, stream => CopyTensors(model, externals, Path.GetFileName(dataPath), stream));
        string modelTemporary;
        try
        {
            modelTemporary = AtomicFile.WriteTemporary(target, copy.WriteTo);
        }
        catch
        {
            AtomicFile.TryDelete(dataTemporary);
            throw;
        }

        AtomicFile.Commit(dataTemporary, dataPath);
        AtomicFile.Commit(modelTemporary, target);
    }

    private static void CopyTensors(OnnxModel model, List<TensorProto> externals, string dataFileName, Stream output)
    {
        var sources = new Dictionary<string, FileStream>(StringComparer.Ordinal);
        try
        {
            foreach (var tensor in externals)
            {
                var span = model.LocateExternal(tensor);
                if (!sources.TryGetValue(span.Path, out var source))
                {
                    source = new FileStream(span.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                    sources.Add(span.Path, source);
                }

                Pad(output, span.Length >= AlignThreshold ? Alignment : 1);
                var offset = output.Position;
                source.Seek(span.Offset, SeekOrigin.Begin);
                CopyExactly(source, output, span.Length);
                new ExternalDataReference(dataFileName, offset, span.Length).WriteTo(tensor);
            }
        }
        finally
        {
            foreach (var source in sources.Values)
            {
                source.Dispose();
            }
        }
    }

    private static void Pad(Stream output, long alignment)
    {
        var padding = (alignment - (output.Position % alignment)) % alignment;
        for (var i = 0L; i < padding; i++)
        {
            output.WriteByte(0);
        }
    }

    private static void CopyExactly(Stream source, Stream output, long length)
    {
        var buffer = new byte[(int)Math.Min(length, 1 << 20)];
        while (length > 0)
        {
            var chunk = (int)Math.Min(length, buffer.Length);
            source.ReadExactly(buffer, 0, chunk);
            output.Write(buffer, 0, chunk);
            length -= chunk;
        }
    }
}
