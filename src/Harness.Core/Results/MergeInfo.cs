namespace Harness.Results;

/// <summary>Where a merged run came from: the shard runs, in shard order, and each distinct node they measured on.</summary>
public sealed record MergeInfo(IReadOnlyList<string> Shards, IReadOnlyList<NodeInfo> Nodes)
{
    /// <summary>True when the measurements come from more than one kind of node: their figures are not comparable as one machine's.</summary>
    public bool UnlikeNodes => Nodes.Count > 1;
}

/// <summary>One node's fingerprint, what it is, and which shards ran on it.</summary>
public sealed record NodeInfo(string Fingerprint, EnvironmentInfo Environment, IReadOnlyList<int> Shards);
