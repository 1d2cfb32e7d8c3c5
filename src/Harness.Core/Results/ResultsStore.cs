using System.Text.Json;

namespace Harness.Results;

/// <summary>
/// A run's folder, <c>results/&lt;run-id&gt;/</c>: <c>results.json</c> rewritten atomically after
/// every job (so an interrupted run keeps what it measured), raw latencies under <c>samples/</c>,
/// and <c>results/latest</c> pointing at the newest run.
/// </summary>
public sealed class ResultsStore
{
    public const string ResultsFileName = "results.json";
    public const string LatestLinkName = "latest";

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

    public static ResultsStore Create(string root, string runId)
    {
        var store = new ResultsStore(Path.GetFullPath(root), runId);
        Directory.CreateDirectory(Path.Combine(store.RunDirectory, "samples"));
        store.PointLatestHere();
        return store;
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

    public void Write(RunResults results)
    {
        var temporary = ResultsPath + ".tmp";
        using (var stream = File.Create(temporary))
        {
            JsonSerializer.Serialize(stream, results, ResultsJson.Indented);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, ResultsPath, overwrite: true);
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
        var temporary = link + ".tmp-" + Environment.ProcessId;
        File.Delete(temporary);
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

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string from, [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string to);
}
