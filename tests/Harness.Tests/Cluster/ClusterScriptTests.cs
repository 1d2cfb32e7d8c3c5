using Harness.Cluster;
using Harness.Cluster.Kubernetes;
using Harness.Cluster.Slurm;
using Harness.Tests.Reports;

namespace Harness.Tests.Cluster;

/// <summary>The scripts and manifests a submission writes, against expected files (HARNESS_UPDATE_EXPECTED=1 rewrites them).</summary>
public sealed class ClusterScriptTests
{
    private static readonly Submission Quickstart = new(
        "k8s", "20261128-070000-quickstart-k8s", "/shared/results/20261128-070000-quickstart-k8s", "scenarios/quickstart.yaml", "ab12", 4, ["harness"]);

    private static readonly KubernetesOptions Options = new("registry.example/harness:1.0", "harness-results", 2, null);

    [Fact]
    public void Should_Write_An_Indexed_Job_With_One_Pod_Per_Shard_On_The_Shared_Volume()
    {
        var job = KubernetesManifests.Shards(Quickstart, Options);

        Assert.Equal("Indexed", job.Spec.CompletionMode);
        Assert.Equal(4, job.Spec.Completions);
        ExpectedText.Matches("k8s-shards-job.yaml", KubernetesManifests.ToYaml(job));
    }

    [Fact]
    public void Should_Write_A_Merge_Job_And_A_GitHub_Actions_Matrix_Beside_It()
    {
        ExpectedText.Matches("k8s-merge-job.yaml", KubernetesManifests.ToYaml(KubernetesManifests.Merge(Quickstart, Options with { Gpus = 1 })));
        ExpectedText.Matches("github-actions-matrix.yml", GitHubActionsMatrix.Workflow("scenarios/quickstart.yaml", 4));
    }

    [Fact]
    public void Should_Name_Jobs_As_The_Api_Demands()
    {
        var name = KubernetesManifests.JobName(Quickstart with { Id = "20261128-070000-A_Very.Long Scenario Name That Goes On And On-k8s" }, "shards");

        Assert.Equal("harness-20261128-070000-a-very-long-scenario-name-that-g-shards", name);
        Assert.True(name.Length <= 63);
    }

    [Fact]
    public void Should_Write_An_Sbatch_Array_And_A_Merge_Job_For_Slurm()
    {
        var slurm = Quickstart with { Kind = "slurm", Folder = "/shared/results/sub", Scenario = "/home/me/harness/scenarios/quick start.yaml", Harness = ["/opt/harness/harness"] };
        var options = new SlurmOptions("gpu", "2:00:00", 8, "a100:1");

        ExpectedText.Matches("slurm-shards.sbatch", SlurmScripts.Shards(slurm, options));
        ExpectedText.Matches("slurm-merge.sbatch", SlurmScripts.Merge(slurm, options));
    }
}
