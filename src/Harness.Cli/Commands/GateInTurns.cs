using Harness.Execute;
using Harness.Execute.Protocol;
using Harness.Measure;
using Harness.Onnx.Runtime;
using Harness.Plan;
using Harness.Reports.Gate;
using Harness.Results;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness gate --in-turns BASE.yaml --current RUN</c>: each gated measurement of the current
/// run is measured again, in one worker, in turns with the same job planned from the baseline's
/// scenario (the base branch's copy of it, or the scenario with the baseline's model), a tenth of
/// a second each (<see cref="TurnTakingLoop"/>). Both sides then saw the machine at the same
/// speeds, so the comparison keeps the change and loses the host's drift, which on a shared
/// runner moves whole runs by a third for minutes at a time. The two sides are written as runs
/// of their own under <c>RUN/turns/</c> (baseline/ and current/), so the verdict can be checked
/// again with a plain <c>harness gate</c>.
/// </summary>
internal static class GateInTurns
{
    public static async Task<GateReport> MeasureAsync(string baselineScenarioPath, GatedRun current, GateConfig config, TextWriter output, CancellationToken cancellation)
    {
        var currentScenarioPath = current.Results.Scenario.Path;
        if (!File.Exists(currentScenarioPath))
        {
            throw new GateInputException($"--in-turns measures the current run's scenario, {currentScenarioPath}, which does not exist here; run the gate from where the run was made");
        }

        if (!File.Exists(baselineScenarioPath))
        {
            throw new GateInputException($"--in-turns: the baseline's scenario {baselineScenarioPath} does not exist");
        }

        var currentScenario = RunCommand.TrainModels(ScenarioParser.ParseFile(currentScenarioPath));
        var baselineScenario = RunCommand.TrainModels(ScenarioParser.ParseFile(baselineScenarioPath));
        if (baselineScenario.Name != currentScenario.Name)
        {
            throw new GateInputException($"{baselineScenarioPath} is scenario '{baselineScenario.Name}' and the current run's is '{currentScenario.Name}'; a gate compares runs of the same scenario");
        }

        var currentJobs = JobPlanner.Plan(currentScenario).ToDictionary(j => j.Id, StringComparer.Ordinal);
        var baselineJobs = JobPlanner.Plan(baselineScenario).ToDictionary(j => j.Id, StringComparer.Ordinal);
        var ids = BaselineComparison.GatedIds([current], config);

        var library = OrtLibrary.Shared;
        var environment = EnvironmentProbe.Capture(library.Version, library.GetAvailableProviders());
        var runId = ResultsStore.NewRunId(currentScenario.Name, DateTimeOffset.UtcNow);
        var folder = Path.Combine(current.Folder, "turns");
        // One run id for both sides: a later gate knows them for a pair by it (TurnComparison.InTurns).
        var baseline = new Side(baselineScenario, ResultsStore.Create(Path.Combine(folder, "baseline"), runId), environment);
        var now = new Side(currentScenario, ResultsStore.Create(Path.Combine(folder, "current"), runId), environment);

        var notMeasured = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var index = 0; index < ids.Count; index++)
        {
            var id = ids[index];
            if (!currentJobs.TryGetValue(id, out var currentJob))
            {
                notMeasured[id] = "not measured in turns: the current run's scenario no longer plans it";
                continue;
            }

            if (!baselineJobs.TryGetValue(id, out var baselineJob))
            {
                notMeasured[id] = $"not measured in turns: the baseline's scenario {baselineScenarioPath} plans no such job";
                continue;
            }

            if (!TurnTakingMeasurer.Supports(currentJob.Load.Kind) || !TurnTakingMeasurer.Supports(baselineJob.Load.Kind))
            {
                notMeasured[id] = $"not measured in turns: only single-stream and offline loads take turns, and this is {currentJob.LoadName}";
                continue;
            }

            if (currentJob.Target.Agent is not null || baselineJob.Target.Agent is not null)
            {
                notMeasured[id] = "not measured in turns: an agent's target is measured on its own machine, where a worker takes one job at a time";
                continue;
            }

            output.WriteLine($"measuring {id} in turns with the baseline's ({index + 1} of {ids.Count})");
            var samplesFile = ResultsStore.SamplesFileFor(id, index);
            var baselineSamples = Path.Combine(baseline.Store.RunDirectory, samplesFile);
            var document = JobDocumentMapping.ToDocument(currentJob, Path.Combine(now.Store.RunDirectory, samplesFile)) with
            {
                InTurns = JobDocumentMapping.ToTurns(baselineJob, baselineSamples),
            };
            var outcome = await WorkerProcess.RunAsync(document, currentJob.Rules.JobTimeout + baselineJob.Rules.JobTimeout, _ => { }, cancellation).ConfigureAwait(false);
            if (outcome.Result is { } measured && outcome.InTurnsResult is { } baselineMeasured)
            {
                now.Add(measured with { SamplesFile = measured.SamplesFile is null ? null : samplesFile });
                baseline.Add(baselineMeasured with { SamplesFile = baselineMeasured.SamplesFile is null ? null : samplesFile });
            }
            else
            {
                notMeasured[id] = "not measured in turns: " + (cancellation.IsCancellationRequested ? "the gate was stopped" : outcome.Error ?? "the worker gave no result");
            }
        }

        var baselineRun = GatedRun.Read(baseline.Finish());
        var currentRun = GatedRun.Read(now.Finish());
        var gate = new GateBaseline($"{baselineScenarioPath}, measured in turns with the current ({baselineRun.ResultsPath})", [baselineRun]);
        var verdicts = ids
            .Select(id => notMeasured.TryGetValue(id, out var why)
                ? MeasurementVerdict.Inconclusive(id, [why])
                : BaselineComparison.Judge(id, gate, currentRun, config))
            .ToList();
        return new GateReport(gate.Description, currentRun.ResultsPath, currentScenario.Name, config, verdicts);
    }

    /// <summary>One side's run: its results, rewritten after each measurement so an interrupted gate keeps what it measured.</summary>
    private sealed class Side(Scenario scenario, ResultsStore store, EnvironmentInfo environment)
    {
        private RunResults results = RunOrchestrator.Start(scenario, store, environment, shard: null, DateTimeOffset.UtcNow);

        public ResultsStore Store => store;

        public void Add(MeasurementResult result)
        {
            results = results with { Measurements = [.. results.Measurements, result] };
            store.Write(results);
        }

        public string Finish()
        {
            store.Write(results with { FinishedAt = DateTimeOffset.UtcNow });
            return store.ResultsPath;
        }
    }
}
