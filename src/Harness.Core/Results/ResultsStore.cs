using System.Text.Json;

namespace Harness.Results;

/// <summary>
/// A run's folder, <c>results/&lt;run-id&gt;/</c>: <c>results.json</c> rewritten atomically after
/// every job (so an interrupted run keeps what it measured), each measurement also appended to
/// <c>journal.jsonl</c> first (so a results file that cannot be rewritten loses nothing that the
/// journal holds), raw latencies under <c>samples/</c>,
/// and <c>results/latest</c> pointing at the newest run.
/// </summary>
public sealed class ResultsStore
{
    public const string ResultsFileName = "results.json";
    public const string LatestLinkName = "latest";
    public const string JournalFileName = "journal.jsonl";

    private ResultsStore(string root, string runId)
    {
        Root = root;
        RunId = runId;
        RunDirectory = Path.Combine(root, runId);
    }

    public string Root { get; }

    public string RunId { get; }

    public string RunDirectory { get; }

    public string ResultsPath => Path.Combine(RunDirectory, ResultsFileName);

    public string JournalPath => Path.Combine(RunDirectory, JournalFileName);

    /// <summary>
    /// Creates a new run folder named <paramref name="runId"/>, or <c>runId-2</c>, <c>runId-3</c>… when
    /// another run already took it. The folder is made with mkdir(2), which fails if it exists, so
    /// two runs started in the same second can never share a folder (Directory.CreateDirectory
    /// would quietly hand both the same one).
    /// </summary>
    public static ResultsStore Create(string root, string runId)
    {
        var fullRoot = Path.GetFullPath(root);
        if (File.Exists(fullRoot))
        {
            throw new IOException($"the results folder {root} is a file; give --results a folder (it is created if missing)");
        }

        Directory.CreateDirectory(fullRoot);
        for (var attempt = 1; ; attempt++)
        {
            var id = attempt == 1 ? runId : $"{runId}-{attempt}";
            var store = new ResultsStore(fullRoot, id);
            if (MakeDirectory(store.RunDirectory, 0b111_101_101) == 0)
            {
                Directory.CreateDirectory(Path.Combine(store.RunDirectory, "samples"));
                store.PointLatestHere();
                return store;
            }

            var error = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (error != AlreadyExists)
            {
                throw new IOException($"cannot create the run folder {store.RunDirectory}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error)}");
            }
        }
    }

    /// <summary>An existing run's folder, to carry on writing into it (a resumed run).</summary>
    public static ResultsStore Open(string runDirectory)
    {
        var full = Path.GetFullPath(runDirectory).TrimEnd(Path.DirectorySeparatorChar);
        var resolved = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        return new ResultsStore(Path.GetDirectoryName(resolved)!, Path.GetFileName(resolved));
    }

    /// <summary>
    /// The measurements in the run's journal, in the order written; a line cut short by a crash
    /// mid-append ends the list (everything before it was flushed whole).
    /// </summary>
    public IReadOnlyList<MeasurementResult> ReadJournal()
    {
        var entries = new List<MeasurementResult>();
        if (!File.Exists(JournalPath))
        {
            return entries;
        }

        foreach (var line in File.ReadLines(JournalPath))
        {
            try
            {
                if (JsonSerializer.Deserialize<MeasurementResult>(line, ResultsJson.Compact) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                break;
            }
        }

        return entries;
    }

    /// <summary>A run id that sorts by time and says which scenario it was.</summary>
    public static string NewRunId(string scenarioName, DateTimeOffset now)
    {
        var safe = new string(scenarioName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        return $"{now.UtcDateTime:yyyyMMdd-HHmmss}-{safe}";
    }

    /// <summary>Where a job's raw latencies go, relative to the run folder.</summary>
    public static string SamplesFileFor(string jobId, int index) =>
        Path.Combine("samples", $"{index:D3}-{new string(jobId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray())}.csv");

    /// <summary>
    /// Replaces <c>results.json</c> with <paramref name="results"/>, or leaves the previous complete
    /// file as it was: a failed write (a full disk, a folder made read-only) removes its temporary
    /// file and throws <see cref="ResultsNotWrittenException"/>, never a truncated results file.
    /// </summary>
    public void Write(RunResults results)
    {
        var temporary = ResultsPath + ".tmp";
        try
        {
            using (var stream = File.Create(temporary))
            {
                JsonSerializer.Serialize(stream, results, ResultsJson.Indented);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, ResultsPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new ResultsNotWrittenException(ResultsPath, e.Message, e);
        }
    }

    /// <summary>
    /// Appends one measurement, as one JSON line, to the run's journal before results.json is
    /// rewritten: if that rewrite fails, what was measured is still on disk. Returns false when
    /// even the journal cannot be written (the caller says so; the measurement is not lost from
    /// the run's memory, only from disk).
    /// </summary>
    public bool Journal(MeasurementResult result)
    {
        try
        {
            using var stream = new FileStream(JournalPath, FileMode.Append, FileAccess.Write, FileShare.Read);
            JsonSerializer.Serialize(stream, result, ResultsJson.Compact);
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write error that brought us here is the one to report.
        }
    }

    public static RunResults Read(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<RunResults>(stream, ResultsJson.Indented)
            ?? throw new InvalidDataException($"{path} holds no results");
    }

    private void PointLatestHere()
    {
        var link = Path.Combine(Root, LatestLinkName);
        // Unique to this call, not only to the process: stores created at once in one process
        // (shards merged, tests in parallel) would otherwise make the same temporary link.
        var temporary = link + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        File.CreateSymbolicLink(temporary, RunId);
        // rename(2) replaces the old link in one step, so 'latest' never dangles mid-update.
        // (File.Move refuses here: it follows the link and finds a folder, not a file.)
        if (Rename(temporary, link) != 0)
        {
            File.Delete(temporary);
            File.Delete(link);
            File.CreateSymbolicLink(link, RunId);
        }
    }

    private const int AlreadyExists = 17; // EEXIST

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkdir", SetLastError = true)]
    private static extern int MakeDirectory([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, uint mode);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string from, [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string to);
}
