using System.CommandLine;
using Harness.Cluster;
using Harness.Cluster.Kubernetes;
using Harness.Cluster.Slurm;
using Harness.Execute;
using Harness.Plan;
using Harness.Plan.Sharding;
using Harness.Reports.Writers;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness submit slurm|k8s SCENARIO --shards N</c>: a scenario sent to a cluster's own job
/// engine as N shard tasks and a merge, into a submission folder every node shares.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var command = new Command("submit", "Run a scenario on a cluster: N shard tasks (harness run --shard i/N) and a merge, on Slurm or Kubernetes.")
        {
            Slurm(),
            Kubernetes(),
        };
        return command;
    }

    private static Command Slurm()
    {
        var scenarioArgument = new Argument<string?>("scenario") { Description = "the scenario YAML file", Arity = ArgumentArity.ZeroOrOne };
        var shardsOption = new Option<int?>("--shards") { Description = "how many array tasks share the jobs" };
        var resultsOption = new Option<string>("--results") { Description = "a folder every node shares; the submission's folder is made in it", DefaultValueFactory = _ => "results" };
        var partitionOption = new Option<string?>("--partition") { Description = "the Slurm partition" };
        var timeOption = new Option<string?>("--time") { Description = "each task's time limit, as sbatch reads it (1:00:00)" };
        var cpusOption = new Option<int?>("--cpus-per-task") { Description = "CPUs each task is given" };
        var gpusOption = new Option<string?>("--gpus") { Description = "GPUs each task is given (sbatch --gpus)" };
        var dryRunOption = new Option<bool>("--dry-run") { Description = "write the scripts, submit nothing" };
        var resumeOption = new Option<string?>("--resume") { Description = "a submission's folder: submit again only the shards (and merge) it is missing" };
        var pollOption = new Option<double>("--poll") { Description = "seconds between squeue polls", DefaultValueFactory = _ => 2, Hidden = true };
        var command = new Command("slurm", "Submit a Slurm job array (one task per shard) and a merge job that runs after it; follow them and print the merged report.")
        {
            scenarioArgument, shardsOption, resultsOption, partitionOption, timeOption, cpusOption, gpusOption, dryRunOption, resumeOption, pollOption,
        };
        command.SetAction(parse => UserErrors.Run(parse, output =>
        {
            var submitter = new SlurmSubmitter(output, TimeSpan.FromSeconds(parse.GetValue(pollOption)));
            Submission submission;
            if (parse.GetValue(resumeOption) is { } resume)
            {
                submission = Submission.Load(resume);
                output.WriteLine($"resuming submission {submission.Folder}");
            }
            else
            {
                var (scenario, shards) = Plan(parse.GetValue(scenarioArgument), parse.GetValue(shardsOption));
                var options = new SlurmOptions(parse.GetValue(partitionOption), parse.GetValue(timeOption), parse.GetValue(cpusOption), parse.GetValue(gpusOption));
                submission = Submission.Create("slurm", parse.GetValue(resultsOption)!, scenario.SourcePath, scenario.Name, scenario.Sha256, shards, HarnessItself());
                SlurmSubmitter.WriteScripts(submission, options);
                output.WriteLine($"wrote {Path.Combine(submission.Folder, SlurmScripts.ShardsFile)} and {SlurmScripts.MergeFile}");
                if (parse.GetValue(dryRunOption))
                {
                    output.WriteLine($"to submit: harness submit slurm --resume {submission.Folder}");
                    output.WriteLine($"  (or by hand: sbatch --parsable {Path.Combine(submission.Folder, SlurmScripts.ShardsFile)}, then sbatch --dependency=afterok:<its id> {Path.Combine(submission.Folder, SlurmScripts.MergeFile)})");
                    return 0;
                }
            }

            var merged = submitter.SubmitAndFollow(submission);
            output.WriteLine($"merged run: {merged}");
            output.WriteLine($"report: {Path.Combine(merged, HtmlReportWriter.File)}");
            return 0;
        }));
        return command;
    }

    private static Command Kubernetes()
    {
        var scenarioArgument = new Argument<string>("scenario") { Description = "the scenario YAML file, at the same path inside the image (relative to its working folder)" };
        var shardsOption = new Option<int?>("--shards") { Description = "how many indexed pods share the jobs", Required = true };
        var imageOption = new Option<string>("--image") { Description = "the harness image the pods run (see the Dockerfile)", Required = true };
        var claimOption = new Option<string>("--volume-claim") { Description = "a ReadWriteMany PersistentVolumeClaim the pods share, mounted at /results", DefaultValueFactory = _ => "harness-results" };
        var cpusOption = new Option<int?>("--cpus") { Description = "CPUs each shard pod requests and is limited to" };
        var gpusOption = new Option<int?>("--gpus") { Description = "NVIDIA GPUs each shard pod is given" };
        var resultsOption = new Option<string>("--results") { Description = "where the manifests are written (a submission folder is made in it)", DefaultValueFactory = _ => "results" };
        var command = new Command("k8s", "Write a Kubernetes Indexed Job (one pod per shard) and a merge Job, and a GitHub Actions matrix example beside them.")
        {
            scenarioArgument, shardsOption, imageOption, claimOption, cpusOption, gpusOption, resultsOption,
        };
        command.SetAction(parse => UserErrors.Run(parse, output =>
        {
            var scenarioPath = parse.GetValue(scenarioArgument)!;
            var (scenario, shards) = Plan(scenarioPath, parse.GetValue(shardsOption));
            var options = new KubernetesOptions(parse.GetValue(imageOption)!, parse.GetValue(claimOption)!, parse.GetValue(cpusOption), parse.GetValue(gpusOption));
            var submission = Submission.Create("k8s", parse.GetValue(resultsOption)!, scenario.SourcePath, scenario.Name, scenario.Sha256, shards, ["harness"]) with { Scenario = scenarioPath };
            submission.Save();
            var shardsJob = KubernetesManifests.Shards(submission, options);
            var mergeJob = KubernetesManifests.Merge(submission, options);
            File.WriteAllText(Path.Combine(submission.Folder, KubernetesManifests.ShardsFile), KubernetesManifests.ToYaml(shardsJob));
            File.WriteAllText(Path.Combine(submission.Folder, KubernetesManifests.MergeFile), KubernetesManifests.ToYaml(mergeJob));
            File.WriteAllText(Path.Combine(submission.Folder, GitHubActionsMatrix.FileName), GitHubActionsMatrix.Workflow(scenarioPath, shards));
            output.WriteLine($"wrote {KubernetesManifests.ShardsFile}, {KubernetesManifests.MergeFile} and {GitHubActionsMatrix.FileName} in {submission.Folder}");
            output.WriteLine($"to run: kubectl apply -f {Path.Combine(submission.Folder, KubernetesManifests.ShardsFile)}");
            output.WriteLine($"        kubectl wait --for=condition=complete job/{shardsJob.Metadata.Name} --timeout=24h && kubectl apply -f {Path.Combine(submission.Folder, KubernetesManifests.MergeFile)}");
            output.WriteLine($"the merged run lands on the volume in {KubernetesOptions.ResultsMount}/{submission.Id}/merged/latest");
            return 0;
        }));
        return command;
    }

    /// <summary>The scenario read and planned here, so a mistake or a shard count the jobs cannot fill stops before anything is written or submitted.</summary>
    private static (Scenario Scenario, int Shards) Plan(string? scenarioPath, int? shards)
    {
        if (scenarioPath is null)
        {
            throw new UsageException("name the scenario to submit, or a submission to resume (--resume FOLDER)");
        }

        if (shards is not { } count || count < 1)
        {
            throw new UsageException("--shards N is needed, N at least 1: how many tasks share the scenario's jobs");
        }

        var scenario = ScenarioParser.ParseFile(scenarioPath);
        ShardPartition.Split(JobPlanner.Plan(scenario), count, LoadCostEstimate.Instance);
        return (scenario, count);
    }

    /// <summary>How a node starts this very harness: the same executable (or dotnet and the same assembly), by absolute path.</summary>
    private static IReadOnlyList<string> HarnessItself()
    {
        var start = WorkerCommand.StartInfo();
        return [start.FileName, .. start.ArgumentList.Take(start.ArgumentList.Count - 1)];
    }
}
