using Harness.Execute.Protocol;
using Harness.Plan;
using Harness.Results;

namespace Harness.Execute;

/// <summary>
/// Sends every job of a run to its own worker, one at a time (so jobs never compete for the
/// cores they are measured on), and writes the results file after each one.
/// </summary>
public sealed class RunOrchestrator(IRunObserver observer, TimeProvider clock)
{
    public async Task<RunResults> RunAsync(
        Scenario scenario,
        IReadOnlyList<MeasurementJob> jobs,
        ResultsStore store,
        EnvironmentInfo environment,
        CancellationToken cancellation)
    {
        var measurements = new List<MeasurementResult>(jobs.Count);
        var results = new RunResults(
            RunResults.SchemaV1,
            store.RunId,
            new ScenarioInfo(scenario.Name, scenario.SourcePath, scenario.Sha256),
            EnvironmentProbe.Harness(),
            environment,
            clock.GetUtcNow(),
            null,
            measurements);
        store.Write(results);

        // A variant the rewriter or ONNX Runtime refused fails once; its other jobs say so without retrying.
        var unpreparable = new Dictionary<(string Model, string Variant), string>();
        var unwritten = new List<(string Id, bool Journaled)>();
        var roofs = new Roofline.RunRoofs(new Roofline.PeakCache(Assets.AssetCatalog.Home));
        for (var index = 0; index < jobs.Count; index++)
        {
            var job = jobs[index];
            MeasurementResult result;
            if (cancellation.IsCancellationRequested)
            {
                result = Unmeasured(job, MeasurementStatus.Skipped, "the run was interrupted before this job started");
            }
            else if (unpreparable.TryGetValue((job.Model.Name, job.Variant), out var why))
            {
                observer.JobStarted(job, index, jobs.Count);
                result = Unmeasured(job, MeasurementStatus.Failed, why);
            }
            else
            {
                observer.JobStarted(job, index, jobs.Count);
                var samplesFile = ResultsStore.SamplesFileFor(job.Id, index);
                var document = JobDocumentMapping.ToDocument(job, Path.Combine(store.RunDirectory, samplesFile));
                var lastPhase = string.Empty;
                var outcome = await WorkerProcess.RunAsync(document, job.Rules.JobTimeout, phase => observer.JobPhase(job, lastPhase = phase), cancellation).ConfigureAwait(false);
                result = outcome.Result is { } measured
                    ? measured with { SamplesFile = measured.SamplesFile is null ? null : samplesFile }
                    : cancellation.IsCancellationRequested
                        ? Unmeasured(job, MeasurementStatus.Interrupted, "the run was interrupted while this job was measured; its worker was stopped")
                        : Unmeasured(job, MeasurementStatus.Failed, outcome.Error ?? "no result");
                if (outcome.Result is null && job.Transform is not null && lastPhase.StartsWith("preparing", StringComparison.Ordinal))
                {
                    unpreparable[(job.Model.Name, job.Variant)] = $"the {job.Variant} variant could not be prepared: {outcome.Error}";
                }
            }

            result = roofs.Place(job.Target, result);
            measurements.Add(result);
            var journaled = store.Journal(result);
            try
            {
                store.Write(results);
            }
            catch (ResultsNotWrittenException e)
            {
                // Keep measuring: the next write may succeed (space freed) and catch up on this one.
                unwritten.Add((result.Id, journaled));
                observer.ResultsNotWritten($"{e.Message}; {result.Id} is {(journaled ? "kept in " + store.JournalPath : "not on disk (the journal could not be written either)")}");
            }

            observer.JobFinished(result, index, jobs.Count);
        }

        var bounds = scenario.Models.Where(m => m.Accuracy?.MaxDrop is not null).ToDictionary(m => m.Name, m => m.Accuracy!.MaxDrop!.Value);
        var fidelityBounds = scenario.Models.Where(m => m.Fidelity.MinCosine is not null || m.Fidelity.MaxRelError is not null).ToDictionary(m => m.Name, m => m.Fidelity);
        results = results with
        {
            FinishedAt = clock.GetUtcNow(),
            Measurements = Evaluate.FidelityBound.Apply(Evaluate.QualityBound.Apply(measurements, JobPlanner.ReferenceVariant, bounds), JobPlanner.ReferenceVariant, fidelityBounds),
        };
        results = results with { Pricing = Price.RunPricing.Price(scenario, results.Measurements), Peaks = roofs.Peaks.Count > 0 ? roofs.Peaks : null };
        try
        {
            store.Write(results);
        }
        catch (ResultsNotWrittenException e) when (unwritten.Count > 0)
        {
            throw new ResultsNotWrittenException(Describe(e, unwritten, store), e);
        }

        return results;
    }

    private static string Describe(ResultsNotWrittenException e, List<(string Id, bool Journaled)> unwritten, ResultsStore store)
    {
        var journaled = unwritten.Where(u => u.Journaled).Select(u => u.Id).ToList();
        var lost = unwritten.Where(u => !u.Journaled).Select(u => u.Id).ToList();
        var text = $"{e.Message}, without {unwritten.Count} measurement(s)";
        if (journaled.Count > 0)
        {
            text += $"; kept in {store.JournalPath}: {string.Join(", ", journaled)}";
        }

        if (lost.Count > 0)
        {
            text += $"; not written anywhere (shown above as they finished): {string.Join(", ", lost)}";
        }

        return text;
    }

    private static MeasurementResult Unmeasured(MeasurementJob job, string status, string error) => new(
        job.Id,
        job.Model.Name,
        job.Variant,
        job.Target.Name,
        new LoadInfo(job.LoadName, job.BatchSize, 1),
        status,
        error,
        null,
        null,
        null,
        null,
        ValidityInfo.NotMeasured(error),
        null);
}
