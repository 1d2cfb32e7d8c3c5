namespace Harness.Results;

/// <summary>
/// Which part of a scenario a sharded run measured: shard <see cref="Index"/> of <see cref="Count"/>,
/// and the ids of the jobs the partition gave it, so a merge can check that the shards cover every
/// job exactly once without trusting that each node partitioned alike.
/// </summary>
public sealed record ShardInfo(int Index, int Count, IReadOnlyList<string> Jobs);
