namespace Harness.Cluster.Kubernetes;

/// <summary>What the Jobs run and ask for.</summary>
/// <param name="Image">The harness image (see the Dockerfile); the scenario path is read inside it, from its working folder.</param>
/// <param name="VolumeClaim">A PersistentVolumeClaim every pod mounts at <see cref="ResultsMount"/> (ReadWriteMany: the shards and the merge share it).</param>
/// <param name="Cpus">CPU each shard pod requests (and is limited to, so neighbours do not disturb its timings); null leaves it unset.</param>
/// <param name="Gpus">NVIDIA GPUs each shard pod is given; null for none.</param>
public sealed record KubernetesOptions(string Image, string VolumeClaim, int? Cpus, int? Gpus)
{
    public const string ResultsMount = "/results";
}
