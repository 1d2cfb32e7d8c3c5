namespace Harness.Onnx.Model;

/// <summary>
/// Writes files so that readers see either the old file or the complete new one: the bytes go to a
/// temporary file in the same folder (same file system, so the rename cannot turn into a copy), are
/// flushed to disk, and then replace the target with one rename.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write) => Commit(WriteTemporary(path, write), path);

    /// <summary>
    /// Writes a complete temporary file beside <paramref name="path"/> and returns its name, for
    /// callers that must finish several files before putting any of them in place.
    /// </summary>
    public static string WriteTemporary(string path, Action<Stream> write)
    {
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        return temporary;
    }

    public static void Commit(string temporary, string path)
    {
        try
        {
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Leaving a stray temporary file is better than hiding the error that brought us here.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
