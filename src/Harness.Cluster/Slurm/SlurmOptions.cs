namespace Harness.Cluster.Slurm;

/// <summary>What each shard task asks Slurm for; null leaves the cluster's default.</summary>
/// <param name="Time">A time limit in any form sbatch reads (<c>30</c>, <c>1:00:00</c>, <c>1-0</c>).</param>
/// <param name="Gpus">GPUs per task (<c>--gpus</c>; a type may lead, <c>a100:1</c>).</param>
public sealed record SlurmOptions(string? Partition, string? Time, int? CpusPerTask, string? Gpus)
{
    public static SlurmOptions Defaults { get; } = new(null, null, null, null);
}
