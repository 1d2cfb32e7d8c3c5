using System.Globalization;

namespace Harness.Plan.Sharding;

/// <summary>
/// One part of a run split <see cref="Count"/> ways: <c>--shard i/n</c>, counted from 0 as Slurm's
/// <c>SLURM_ARRAY_TASK_ID</c> and Kubernetes' <c>JOB_COMPLETION_INDEX</c> are, so a task passes its
/// index through unchanged.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    public static ShardSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw new ShardException($"--shard {text} is not i/n: give the shard's index (from 0) and the number of shards, e.g. --shard 0/4");
        }

        if (count < 1)
        {
            throw new ShardException($"--shard {text}: the number of shards must be at least 1");
        }

        return index < count
            ? new ShardSpec(index, count)
            : throw new ShardException($"--shard {text}: the index is out of range; shards of {count} are numbered 0 to {count - 1}");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
