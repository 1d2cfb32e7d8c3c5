using System.Text.Json;
using Harness.Results;

namespace Harness.Cluster;

/// <summary>
/// One scenario sent to a cluster as <see cref="Shards"/> shard tasks and a merge task, and its
/// folder, which every node must share: <c>submission.json</c> (this record), the scripts or
/// manifests, <c>shards/&lt;i&gt;/</c> (each shard's own results folder), <c>merged/</c> (the merged
/// run) and <c>logs/</c>. The folder is the submission's identity: resuming reads it back.
/// </summary>
/// <param name="Harness">How a node starts this harness: the executable, then any arguments before the verb.</param>
public sealed record Submission(string Kind, string Id, string Folder, string Scenario, string ScenarioSha256, int Shards, IReadOnlyList<string> Harness)
{
    public const string FileName = "submission.json";

    /// <summary>The scheduler's ids of each array (or resubmission) and merge job, in the order submitted.</summary>
    public IReadOnlyList<string> Jobs { get; init; } = [];

    public string ShardsFolder => Path.Combine(Folder, "shards");

    public string MergedFolder => Path.Combine(Folder, "merged");

    public string LogsFolder => Path.Combine(Folder, "logs");

    public string ShardFolder(int index) => Path.Combine(ShardsFolder, index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A new submission folder under <paramref name="resultsRoot"/>, named by time, scenario and kind.</summary>
    public static Submission Create(string kind, string resultsRoot, string scenarioPath, string scenarioName, string scenarioSha256, int shards, IReadOnlyList<string> harness)
    {
        var id = ResultsStore.NewRunId(scenarioName, DateTimeOffset.UtcNow) + "-" + kind;
        var folder = Path.Combine(Path.GetFullPath(resultsRoot), id);
        for (var attempt = 2; Directory.Exists(folder); attempt++)
        {
            folder = Path.Combine(Path.GetFullPath(resultsRoot), $"{id}-{attempt}");
        }

        var submission = new Submission(kind, Path.GetFileName(folder), folder, Path.GetFullPath(scenarioPath), scenarioSha256, shards, harness);
        Directory.CreateDirectory(submission.ShardsFolder);
        Directory.CreateDirectory(submission.LogsFolder);
        submission.Save();
        return submission;
    }

    public static Submission Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new ClusterException($"{folder} holds no {FileName}; name the folder 'harness submit' printed");
        }

        try
        {
            return JsonSerializer.Deserialize<Submission>(File.ReadAllText(path), Json) ?? throw new ClusterException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new ClusterException($"{path} is not a submission that 'harness submit' wrote: {e.Message}", e);
        }
    }

    public void Save()
    {
        var path = Path.Combine(Folder, FileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>
    /// Whether shard <paramref name="index"/> has finished: its run exists, ended, and holds a kept
    /// result for every job it was given. Anything less is run again (resumed where a run exists).
    /// </summary>
    public bool ShardFinished(int index)
    {
        var results = Path.Combine(ShardFolder(index), ResultsStore.LatestLinkName, ResultsStore.ResultsFileName);
        if (!File.Exists(results))
        {
            return false;
        }

        try
        {
            var run = ResultsStore.Read(results);
            var kept = run.Measurements.Where(Execute.RunResumption.Keeps).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            return run.FinishedAt is not null && run.Shard is { } shard && shard.Jobs.All(kept.Contains);
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>The merged run's folder, once the merge task has written it; null before.</summary>
    public string? MergedRun()
    {
        var latest = Path.Combine(MergedFolder, ResultsStore.LatestLinkName);
        return File.Exists(Path.Combine(latest, ResultsStore.ResultsFileName))
            ? new DirectoryInfo(latest).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? latest
            : null;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
