using System.Globalization;

namespace Harness.Cluster;

/// <summary>
/// The shell a cluster task runs, the same for Slurm, Kubernetes and a CI matrix: check that the
/// shared folder is visible here, then measure shard <c>$SHARD</c>, resuming what an earlier
/// attempt left (so a requeued or resubmitted task re-measures nothing kept), or merge.
/// </summary>
public static class ShardTaskScript
{
    /// <summary>Lines that run the shard whose index is in the shell variable <c>shard</c>.</summary>
    /// <param name="sharedByConstruction">True where every task mounts the same volume (Kubernetes): the folder is made, not checked for.</param>
    public static string Shard(Submission submission, bool sharedByConstruction = false)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var harness = Harness(submission);
        var count = submission.Shards.ToString(CultureInfo.InvariantCulture);
        return $"""
            {VisibleCheck(submission, sharedByConstruction)}
            dir={Quote(submission.ShardsFolder)}/$shard
            if [ -f "$dir/latest/results.json" ]; then
              {harness} run --resume "$dir/latest"
            else
              {harness} run {Quote(submission.Scenario)} --shard "$shard/{count}" --results "$dir"
            fi
            {ExitOnResult}
            """;
    }

    /// <summary>Lines that merge every shard into <c>merged/</c>.</summary>
    public static string Merge(Submission submission, bool sharedByConstruction = false)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return $"""
            {VisibleCheck(submission, sharedByConstruction)}
            {Harness(submission)} merge {Quote(submission.ShardsFolder)}/*/latest --results {Quote(submission.MergedFolder)}
            {ExitOnResult}
            """;
    }

    /// <summary>Quotes a value for the shell (single quotes, with any single quote closed and escaped).</summary>
    public static string Quote(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+' or ':' or '=' or ',')
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Harness(Submission submission) => string.Join(' ', submission.Harness.Select(Quote));

    /// <summary>A node that cannot see the submission folder would measure into a folder nobody merges.</summary>
    private static string VisibleCheck(Submission submission, bool sharedByConstruction) => sharedByConstruction
        ? $"mkdir -p {Quote(submission.ShardsFolder)}"
        : $"[ -f {Quote(Path.Combine(submission.Folder, Submission.FileName))} ] || {{ echo \"error: {submission.Folder} is not visible on $(hostname): give --results a folder every node shares\" >&2; exit 2; }}";

    /// <summary>Exit 1 means a measurement failed, which the merged report shows; only a harness that could not run fails the task.</summary>
    private const string ExitOnResult = "status=$?; [ \"$status\" -le 1 ] || exit \"$status\"";
}
