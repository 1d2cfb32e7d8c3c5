using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Harness.Cluster.Kubernetes;

/// <summary>
/// The manifests of a Kubernetes submission, built from the official client's models: an Indexed
/// Job whose pod <c>$JOB_COMPLETION_INDEX</c> runs that shard into the shared volume, and a merge
/// Job to apply once it completes (Jobs cannot wait on one another). Each manifest is read back
/// through the same models before it is written, so what is written is what the API accepts.
/// </summary>
public static partial class KubernetesManifests
{
    public const string ShardsFile = "shards-job.yaml";
    public const string MergeFile = "merge-job.yaml";

    /// <summary>The submission as pods see it: its folder on the volume, the harness on the image's PATH.</summary>
    public static Submission InContainer(Submission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return submission with { Folder = $"{KubernetesOptions.ResultsMount}/{submission.Id}", Harness = ["harness"] };
    }

    public static V1Job Shards(Submission submission, KubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(options);
        var pods = InContainer(submission);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = Metadata(submission, "shards"),
            Spec = new V1JobSpec
            {
                CompletionMode = "Indexed",
                Completions = submission.Shards,
                Parallelism = submission.Shards,
                BackoffLimit = submission.Shards,
                Template = Pod(submission, options, "shard", $"shard=$JOB_COMPLETION_INDEX\n{ShardTaskScript.Shard(pods, sharedByConstruction: true)}\n", gpus: options.Gpus),
            },
        };
    }

    public static V1Job Merge(Submission submission, KubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(options);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = Metadata(submission, "merge"),
            Spec = new V1JobSpec
            {
                BackoffLimit = 1,
                Template = Pod(submission, options with { Cpus = 1 }, "merge", ShardTaskScript.Merge(InContainer(submission), sharedByConstruction: true) + "\n", gpus: null),
            },
        };
    }

    /// <summary>The manifest as YAML, after reading it back through the client's models and finding it unchanged.</summary>
    public static string ToYaml(V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var yaml = KubernetesYaml.Serialize(job);
        var again = KubernetesYaml.Serialize(KubernetesYaml.Deserialize<V1Job>(yaml));
        return yaml == again
            ? yaml
            : throw new InvalidOperationException($"the {job.Metadata.Name} manifest does not survive a round trip through the Kubernetes models");
    }

    /// <summary>A Job's name: a DNS label (lower-case letters, digits and '-', at most 63 characters), which the API demands.</summary>
    public static string JobName(Submission submission, string part)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var stem = NotInName().Replace(submission.Id.ToLowerInvariant(), "-").Trim('-');
        var suffix = "-" + part;
        var name = "harness-" + stem;
        return (name.Length + suffix.Length > 63 ? name[..(63 - suffix.Length)].TrimEnd('-') : name) + suffix;
    }

    private static V1ObjectMeta Metadata(Submission submission, string part) => new()
    {
        Name = JobName(submission, part),
        Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "harness", ["harness/submission"] = JobName(submission, "run") },
    };

    private static V1PodTemplateSpec Pod(Submission submission, KubernetesOptions options, string container, string script, int? gpus)
    {
        var resources = new V1ResourceRequirements();
        if (options.Cpus is { } cpus)
        {
            resources.Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpus.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
            resources.Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpus.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        }

        if (gpus is { } count)
        {
            resources.Limits ??= new Dictionary<string, ResourceQuantity>();
            resources.Limits["nvidia.com/gpu"] = new(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["harness/submission"] = JobName(submission, "run") } },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                Containers =
                [
                    new V1Container
                    {
                        Name = container,
                        Image = options.Image,
                        Command = ["/bin/bash", "-c", script],
                        Resources = resources.Requests is null && resources.Limits is null ? null : resources,
                        VolumeMounts = [new V1VolumeMount { Name = "results", MountPath = KubernetesOptions.ResultsMount }],
                    },
                ],
                Volumes = [new V1Volume { Name = "results", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = options.VolumeClaim } }],
            },
        };
    }

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NotInName();
}
