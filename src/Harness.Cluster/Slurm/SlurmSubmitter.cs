using System.Diagnostics;
using System.Globalization;

namespace Harness.Cluster.Slurm;

/// <summary>
/// Sends a submission to Slurm and follows it to the merged run: the shard array and the merge job
/// that waits on it go in with <c>sbatch --parsable</c>, <c>squeue</c> is polled for each task's
/// state (<c>sbatch --wait</c> notices completion seconds late), and when the queue empties the
/// shared folder says what finished. A failed task is shown with the end of its log; resuming
/// submits only the shards without a finished run, each picking up what its last attempt kept.
/// </summary>
public sealed class SlurmSubmitter(TextWriter output, TimeSpan pollInterval)
{
    /// <summary>Writes the two scripts into the submission folder.</summary>
    public static void WriteScripts(Submission submission, SlurmOptions options)
    {
        ArgumentNullException.ThrowIfNull(submission);
        File.WriteAllText(Path.Combine(submission.Folder, SlurmScripts.ShardsFile), SlurmScripts.Shards(submission, options));
        File.WriteAllText(Path.Combine(submission.Folder, SlurmScripts.MergeFile), SlurmScripts.Merge(submission, options));
    }

    /// <summary>Submits the shards that have no finished run (all of them the first time) and the merge, then follows them.</summary>
    /// <returns>The merged run's folder.</returns>
    public string SubmitAndFollow(Submission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var missing = Enumerable.Range(0, submission.Shards).Where(i => !submission.ShardFinished(i)).ToList();
        if (missing.Count == 0 && submission.MergedRun() is { } done)
        {
            output.WriteLine($"every shard is finished and merged");
            return done;
        }

        string? array = null;
        if (missing.Count > 0)
        {
            array = SlurmClient.Submit(Path.Combine(submission.Folder, SlurmScripts.ShardsFile), "--array=" + string.Join(',', missing));
            output.WriteLine($"submitted shard{(missing.Count == 1 ? string.Empty : "s")} {string.Join(", ", missing)} of {submission.Shards} as array job {array}");
        }

        var merge = array is null
            ? SlurmClient.Submit(Path.Combine(submission.Folder, SlurmScripts.MergeFile))
            : SlurmClient.Submit(Path.Combine(submission.Folder, SlurmScripts.MergeFile), "--dependency=afterok:" + array);
        output.WriteLine($"submitted the merge as job {merge}{(array is null ? string.Empty : $", after array job {array} succeeds")}");
        submission = submission with { Jobs = [.. submission.Jobs, .. array is null ? Array.Empty<string>() : [array], merge] };
        submission.Save();

        Follow(submission, array, merge);
        return Conclude(submission);
    }

    /// <summary>Polls squeue until neither job is queued, printing each task's changes of state.</summary>
    private void Follow(Submission submission, string? array, string merge)
    {
        var clock = Stopwatch.StartNew();
        var seen = new Dictionary<string, (string State, TimeSpan Since)>(StringComparer.Ordinal);
        var jobs = array is null ? new[] { merge } : [array, merge];
        while (true)
        {
            var queue = SlurmClient.Queue(jobs);
            foreach (var (id, (state, reason)) in queue.OrderBy(q => q.Key, StringComparer.Ordinal))
            {
                if (!seen.TryGetValue(id, out var before) || before.State != state)
                {
                    seen[id] = (state, clock.Elapsed);
                    output.WriteLine($"{Seconds(clock.Elapsed),6} {Describe(id, merge)}: {state.ToLowerInvariant()}{(reason is "None" or "" ? string.Empty : $" ({reason})")}");
                }
            }

            foreach (var id in seen.Keys.Where(id => !queue.ContainsKey(id) && seen[id].State != "ENDED").ToList())
            {
                var ran = seen[id].State == "PENDING" ? string.Empty : $" after {Seconds(clock.Elapsed - seen[id].Since)} {seen[id].State.ToLowerInvariant()}";
                seen[id] = ("ENDED", clock.Elapsed);
                output.WriteLine($"{Seconds(clock.Elapsed),6} {Describe(id, merge)}: ended{ran}");
            }

            if (queue.Count == 0)
            {
                output.WriteLine($"{Seconds(clock.Elapsed),6} the queue holds none of this submission's jobs");
                return;
            }

            // The merge waits on every shard succeeding; once a shard has failed it never runs,
            // and Slurm keeps it pending forever unless the cluster kills such jobs.
            var shardsQueued = array is not null && queue.Keys.Any(id => id == array || id.StartsWith(array + "_", StringComparison.Ordinal));
            if (!shardsQueued && queue.TryGetValue(merge, out var waiting) && waiting.Reason == "DependencyNeverSatisfied")
            {
                SlurmClient.Cancel(merge);
                output.WriteLine($"{Seconds(clock.Elapsed),6} merge: cancelled, a shard failed");
                return;
            }

            Thread.Sleep(pollInterval);
        }
    }

    /// <summary>What the shared folder holds once the jobs have left the queue.</summary>
    private string Conclude(Submission submission)
    {
        var failed = Enumerable.Range(0, submission.Shards).Where(i => !submission.ShardFinished(i)).ToList();
        foreach (var shard in failed)
        {
            ShowLog($"shard {shard} did not finish", Path.Combine(submission.LogsFolder, $"shard-{shard}.out"));
        }

        var merged = submission.MergedRun();
        if (failed.Count == 0 && merged is null)
        {
            ShowLog("the merge did not finish", Path.Combine(submission.LogsFolder, "merge.out"));
        }

        return merged ?? throw new ClusterException(
            (failed.Count > 0 ? $"shard{(failed.Count == 1 ? string.Empty : "s")} {string.Join(", ", failed)} of {submission.Shards} did not finish" : "the merge did not finish")
            + $" (logs above); submit what is missing again with: harness submit slurm --resume {submission.Folder}");
    }

    private void ShowLog(string what, string log)
    {
        if (!File.Exists(log))
        {
            output.WriteLine($"{what}; it wrote no log at {log} (was the task started? is {Path.GetDirectoryName(log)} on a folder the node shares?)");
            return;
        }

        var tail = File.ReadAllLines(log).TakeLast(20).ToList();
        output.WriteLine($"{what}; the end of its log, {log}:");
        foreach (var line in tail)
        {
            output.WriteLine("  | " + line);
        }
    }

    private static string Describe(string id, string merge) =>
        id == merge ? "merge" : id.IndexOf('_', StringComparison.Ordinal) is var underscore and > 0 ? $"shard {id[(underscore + 1)..]}" : $"job {id}";

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
}
