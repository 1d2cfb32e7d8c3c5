using System.Globalization;
using System.Text;

namespace Harness.Cluster.Slurm;

/// <summary>
/// The two sbatch scripts of a submission: a job array whose task <c>$SLURM_ARRAY_TASK_ID</c> runs
/// that shard into the shared folder, and the merge job submitted to run after it
/// (<c>--dependency=afterok:&lt;array job&gt;</c>, given on sbatch's command line, since the array's id
/// is known only once it is submitted).
/// </summary>
public static class SlurmScripts
{
    public const string ShardsFile = "shards.sbatch";
    public const string MergeFile = "merge.sbatch";

    public static string Shards(Submission submission, SlurmOptions options)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(options);
        var text = Header(submission, "shards", "shard-%a.out", options);
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{submission.Shards - 1}\n");
        text.Append(CultureInfo.InvariantCulture, $"""

            # The shard count is written out: $SLURM_ARRAY_TASK_COUNT counts this array's tasks only,
            # which are fewer when 'harness submit slurm --resume' resubmits the missing shards.
            shard=$SLURM_ARRAY_TASK_ID
            {ShardTaskScript.Shard(submission)}

            """);
        return text.ToString();
    }

    public static string Merge(Submission submission, SlurmOptions options)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(options);
        var text = Header(submission, "merge", "merge.out", options with { Gpus = null });
        text.Append(CultureInfo.InvariantCulture, $"""

            {ShardTaskScript.Merge(submission)}

            """);
        return text.ToString();
    }

    private static StringBuilder Header(Submission submission, string part, string log, SlurmOptions options)
    {
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append(CultureInfo.InvariantCulture, $"# Written by 'harness submit slurm' for {submission.Scenario} ({submission.Shards} shards); submission {submission.Id}.\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name=harness-{part}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Path.Combine(submission.LogsFolder, log)}\n");
        if (options.Partition is { } partition)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={partition}\n");
        }

        if (options.Time is { } time)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={time}\n");
        }

        if (options.CpusPerTask is { } cpus)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={cpus}\n");
        }

        if (options.Gpus is { } gpus)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --gpus={gpus}\n");
        }

        return text;
    }
}
