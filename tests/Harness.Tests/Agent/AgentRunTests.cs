using System.Security.Cryptography;
using Harness.Execute;
using Harness.Plan;
using Harness.Results;
using Harness.Tests.Execute;

namespace Harness.Tests.Agent;

/// <summary>
/// Runs scenarios whose targets are a real <c>harness agent</c> on loopback, in a second process:
/// a full job, then each way an agent can fail a run's jobs while the run keeps the other targets'.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class AgentRunTests : IDisposable
{
    // max_queries far above what 200 ms of the no-op target reaches (10 million a second here), so it stops on time, not on count.
    private const string QuickRules = "min_duration: 200ms\n  min_queries: 32\n  max_queries: 100000000\n  warmup: 2\n  stability_tolerance: 1000%";

    private readonly string folder = TestAssets.NewScratchDirectory("agent");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private sealed class RecordingObserver(Action<MeasurementJob, string>? onPhase = null) : IRunObserver
    {
        public List<string> Phases { get; } = [];

        public void JobStarted(MeasurementJob job, int index, int count)
        {
        }

        public void JobPhase(MeasurementJob job, string phase)
        {
            Phases.Add($"{job.Target.Name}: {phase}");
            onPhase?.Invoke(job, phase);
        }

        public void JobFinished(MeasurementResult result, int index, int count)
        {
        }
    }

    private async Task<(RunResults Results, ResultsStore Store, RecordingObserver Observer)> Run(string targets, string rules = QuickRules, Action<MeasurementJob, string>? onPhase = null)
    {
        var model = AgentFixtures.WriteModel(folder);
        var path = Path.Combine(folder, $"scenario-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, $"""
            version: 1
            name: agent-test
            models:
              - name: mm
                path: {model}
                inputs:
                  - name: x
                    shape: [batch, 64]
            targets:
            {targets}
            loads:
              - single-stream
            run:
              {rules}
            """);
        var scenario = ScenarioParser.ParseFile(path);
        var store = ResultsStore.Create(Path.Combine(folder, "results"), ResultsStore.NewRunId(scenario.Name, DateTimeOffset.UtcNow) + Guid.NewGuid().ToString("N")[..4]);
        var observer = new RecordingObserver(onPhase);
        var results = await new RunOrchestrator(observer, TimeProvider.System).RunAsync(scenario, JobPlanner.Plan(scenario), store, EnvironmentProbe.Capture("test", ["CPUExecutionProvider"]), CancellationToken.None);
        return (results, store, observer);
    }

    private static string AgentTarget(string name, Uri url, string extra = "") =>
        $"  - name: {name}\n    device: agent\n    url: {url}\n    threads: 1\n{extra}";

    private static MeasurementResult Of(RunResults results, string target) => results.Measurements.Single(m => m.Target == target);

    [Fact]
    public async Task Should_Run_A_Full_Job_On_An_Agent_Over_Https_With_A_Token_And_Record_Where_And_How_Far()
    {
        var (certificate, key) = AgentFixtures.WriteSelfSignedCertificate(folder);
        var token = AgentFixtures.WriteToken(folder);
        var store = Path.Combine(folder, "store");
        using var agent = AgentProcess.Start("--listen", "127.0.0.1:0", "--store", store, "--token-file", token, "--tls-cert", certificate, "--tls-key", key, "--probe-round-ms", "5");

        var (results, runStore, observer) = await Run(AgentTarget("remote", agent.Url, $"    token_file: {token}\n    ca: {certificate}\n"));

        var m = Of(results, "remote");
        Assert.True(m.Status == MeasurementStatus.Ok, m.Error);
        Assert.Equal("mm/fp32/remote/single-stream", m.Id);
        Assert.True(m.LatencyMs!.Count >= 32);
        Assert.True(m.Memory!.PeakRssBytes > 20 << 20, "the agent's worker runs ONNX Runtime");
        var samples = await File.ReadAllLinesAsync(Path.Combine(runStore.RunDirectory, m.SamplesFile!));
        Assert.Equal(m.LatencyMs.Count, samples.Length - 1);

        var remote = m.Remote!;
        Assert.Equal(agent.Url.ToString().TrimEnd('/'), remote.Url);
        Assert.Equal(Environment.MachineName, remote.Host);
        Assert.Equal(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(), remote.Architecture);
        Assert.Equal(Environment.ProcessorCount, remote.Cores);
        Assert.Equal(Harness.Execute.Remote.AgentJobRunner.Pings, remote.RoundTripMs.Pings);
        Assert.True(remote.RoundTripMs.Min > 0 && remote.RoundTripMs.Min <= remote.RoundTripMs.Median && remote.RoundTripMs.Median <= remote.RoundTripMs.Max);

        // Stored by content only, and the result names the same file the run was given.
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(AgentFixtures.WriteModel(folder))));
        Assert.Equal(sha256, m.ModelSha256);
        Assert.Equal([sha256 + ".onnx"], Directory.GetFiles(Path.Combine(store, "models")).Select(Path.GetFileName));
        Assert.Contains(observer.Phases, p => p.StartsWith("remote: uploading the model", StringComparison.Ordinal));
        Assert.Contains("remote: measuring", observer.Phases);
        Assert.Contains("job mm/fp32/remote/single-stream from 127.0.0.1: ok", agent.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(store, "jobs")));

        // The target's fingerprint is the agent's own description of its machine (the run's
        // environment says ONNX Runtime "test"; the agent's worker loaded the real one).
        var fingerprint = results.Targets!.Single(t => t.Target == "remote").Fingerprint;
        Assert.Equal(Environment.MachineName, fingerprint.AgentHost);
        Assert.Equal(remote.Architecture, fingerprint.AgentArchitecture);
        Assert.Equal(Harness.Onnx.Runtime.OrtLibrary.Shared.Version, fingerprint.OnnxRuntime);
        Assert.Equal(EnvironmentProbe.CpuModel(), fingerprint.Cpu);
        Assert.Equal(EnvironmentProbe.CpuFlags(), fingerprint.CpuFlags);
        Assert.Equal(fingerprint.Hash, ResultsStore.Read(runStore.ResultsPath).Targets!.Single(t => t.Target == "remote").Fingerprint.Hash);

        // Its roof was probed on the agent, at the target's one thread, and kept in the agent's store.
        var peaks = Assert.Single(results.Peaks!);
        Assert.Equal(Environment.MachineName, peaks.Host);
        Assert.Equal(1, peaks.Threads);
        Assert.True(peaks.IsMeasured && peaks.Fp32Gflops > 0 && peaks.BandwidthGBps > 0);
        Assert.Single(Directory.GetFiles(Path.Combine(store, "roofline")));
        var roofline = m.Roofline!;
        Assert.True(roofline.AchievedGflops > 0);
        Assert.Equal(roofline.AchievedGflops / roofline.AttainableGflops!.Value, roofline.Share!.Value, 9);
        Assert.Contains(observer.Phases, p => p == "remote: asking the agent for its roofline peaks");
    }

    [Fact]
    public async Task Should_Fail_Only_The_Agent_Targets_Jobs_When_The_Token_Is_Wrong_Or_Missing_Or_The_Agent_Is_Down()
    {
        using var agent = AgentProcess.Start("--listen", "127.0.0.1:0", "--store", Path.Combine(folder, "store"), "--token-file", AgentFixtures.WriteToken(folder));
        var wrong = AgentFixtures.WriteToken(folder, "not-the-token-at-all-0123456789");
        var down = new Uri($"http://127.0.0.1:{AgentProcess.FreePort()}");

        var (results, _, _) = await Run(
            AgentTarget("wrong-token", agent.Url, $"    token_file: {wrong}\n") +
            AgentTarget("no-token", agent.Url) +
            AgentTarget("unreadable-token", agent.Url, $"    token_file: {Path.Combine(folder, "absent")}\n") +
            AgentTarget("down", down) +
            "  - name: here\n    device: noop\n");

        Assert.Equal(MeasurementStatus.Ok, Of(results, "here").Status);
        Assert.All(results.Measurements.Where(m => m.Target != "here"), m => Assert.Equal(MeasurementStatus.Failed, m.Status));
        var url = agent.Url.ToString().TrimEnd('/');
        Assert.Equal(
            $"the agent at {url} refused this run's token: the bearer token is not this agent's; give the target a token_file holding the token the agent was started with (--token-file)",
            Of(results, "wrong-token").Error);
        Assert.StartsWith($"the agent at {url} refused this run's token: this agent requires a bearer token;", Of(results, "no-token").Error, StringComparison.Ordinal);
        Assert.Contains("absent", Of(results, "unreadable-token").Error, StringComparison.Ordinal);
        Assert.StartsWith($"cannot reach the agent at {down.ToString().TrimEnd('/')} (Connection refused", Of(results, "down").Error, StringComparison.Ordinal);
        Assert.Equal($"unknown: the agent at {down.ToString().TrimEnd('/')} has not answered", results.Targets!.Single(t => t.Target == "down").Fingerprint.Cpu);
        Assert.Null(results.Peaks);
        Assert.DoesNotContain("job mm", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Refuse_A_Model_Over_The_Agents_Upload_Limit()
    {
        var store = Path.Combine(folder, "store");
        using var agent = AgentProcess.Start("--listen", "127.0.0.1:0", "--store", store, "--max-upload-mb", "0.01");

        var (results, _, _) = await Run(AgentTarget("small", agent.Url) + "  - name: here\n    device: noop\n");

        var error = Of(results, "small").Error;
        Assert.Matches(@"^model .*matmul-3\.onnx is 0\.0\d+ MB, over the agent's upload limit of 0\.01 MB \(start the agent at http://127\.0\.0\.1:\d+ with a larger --max-upload-mb\)$", error);
        Assert.Equal(MeasurementStatus.Ok, Of(results, "here").Status);
        Assert.Empty(Directory.GetFiles(Path.Combine(store, "models")));
    }

    [Fact]
    public async Task Should_Fail_The_Job_Whose_Connection_Drops_And_Run_The_Next_On_The_Restarted_Agent()
    {
        var store = Path.Combine(folder, "store");
        var listen = $"127.0.0.1:{AgentProcess.FreePort()}";
        var agent = AgentProcess.Start("--listen", listen, "--store", store, "--probe-round-ms", "5");
        string probed;
        try
        {
            // A job that would measure for a minute; the agent dies as soon as it starts measuring.
            var (dropped, _, _) = await Run(
                AgentTarget("remote", agent.Url),
                "min_duration: 60s\n  max_duration: 120s\n  timeout: 300s\n  warmup: 2\n  stability_tolerance: 1000%",
                (job, phase) =>
                {
                    if (job.Target.Name == "remote" && phase == "measuring")
                    {
                        agent.Kill();
                    }
                });
            Assert.StartsWith($"the connection to the agent at {agent.Url.ToString().TrimEnd('/')} dropped mid-job (", Of(dropped, "remote").Error, StringComparison.Ordinal);
            probed = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(store, "roofline"))));
        }
        finally
        {
            agent.Dispose();
        }

        // Back on the same address with the same store: the model it kept is not sent again.
        using var restarted = AgentProcess.Start("--listen", listen, "--store", store);
        var (results, _, observer) = await Run(AgentTarget("remote", restarted.Url));
        Assert.True(Of(results, "remote").Status == MeasurementStatus.Ok, Of(results, "remote").Error);
        Assert.DoesNotContain(observer.Phases, p => p.Contains("uploading", StringComparison.Ordinal));

        // Nor are its peaks probed again: the restarted agent reads them from its store.
        Assert.Equal(probed, await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(store, "roofline")))));
        Assert.Equal(Environment.MachineName, Assert.Single(results.Peaks!).Host);
        Assert.NotNull(Of(results, "remote").Roofline!.Share);
    }
}
