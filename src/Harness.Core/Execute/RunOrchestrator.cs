using Harness.Execute.Protocol;
using Harness.Plan;
using Harness.Results;

namespace Harness.Execute;

/// <summary>
/// Sends every job of a run to its own worker, one at a time (so jobs never compete for the
/// cores they are measured on), and writes the results file after each one. An agent target's jobs
/// go to its agent, whose worker runs them there (<see cref="JobRunners"/>).
/// </summary>
public sealed class RunOrchestrator(IRunObserver observer, TimeProvider clock)
{
    /// <summary>Why a job has no result when the run was stopped before it began; resuming measures such jobs.</summary>
    public const string NotStartedReason = "the run was interrupted before this job started";

    public Task<RunResults> RunAsync(
        Scenario scenario,
        IReadOnlyList<MeasurementJob> jobs,
        ResultsStore store,
        EnvironmentInfo environment,
        CancellationToken cancellation) =>
        ContinueAsync(Start(scenario, store, environment, shard: null, clock.GetUtcNow()), scenario, jobs, store, environment, cancellation);

    /// <summary>The results of a run that has measured nothing yet.</summary>
    public static RunResults Start(Scenario scenario, ResultsStore store, EnvironmentInfo environment, ShardInfo? shard, DateTimeOffset startedAt) => new(
        RunResults.SchemaV1,
        store.RunId,
        new ScenarioInfo(scenario.Name, scenario.SourcePath, scenario.Sha256),
        EnvironmentProbe.Harness(),
        environment,
        startedAt,
        null,
        [])
    {
        Shard = shard,
    };

    /// <summary>
    /// Measures every job of <paramref name="jobs"/> that <paramref name="started"/> holds no result
    /// for (all of them for a new run; for a resumed one, those it lost or never reached), keeping
    /// the others as they were, in planned order.
    /// </summary>
    public async Task<RunResults> ContinueAsync(
        RunResults started,
        Scenario scenario,
        IReadOnlyList<MeasurementJob> jobs,
        ResultsStore store,
        EnvironmentInfo environment,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(started);
        ArgumentNullException.ThrowIfNull(jobs);
        var kept = started.Measurements.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var node = NodeFingerprint.Of(environment);
        var targets = (started.Targets ?? [.. scenario.Targets.Select(t => TargetFingerprints.Describe(t, environment))]).ToList();
        var figures = targets.ToDictionary(t => t.Target, t => t.Figures, StringComparer.Ordinal);

        // Each job's result in planned order; kept ones are in place from the start, so every
        // rewrite of results.json holds them all, however early a resumed run stops again.
        var slots = jobs.Select(j => kept.GetValueOrDefault(j.Id)).ToArray();
        var results = started with { FinishedAt = null, Measurements = [.. slots.OfType<MeasurementResult>()], Targets = [.. targets] };
        store.Write(results);

        // A variant the rewriter or ONNX Runtime refused fails once; its other jobs say so without retrying.
        var unpreparable = new Dictionary<(string Model, string Variant), string>();
        var unwritten = new List<(string Id, bool Journaled)>();
        using var runners = new JobRunners();
        var roofs = new Roofline.RunRoofs(new Roofline.PeakCache(Assets.AssetCatalog.Home));
        for (var index = 0; index < jobs.Count; index++)
        {
            var job = jobs[index];
            if (slots[index] is not null)
            {
                continue;
            }

            MeasurementResult result;
            Roofline.PeakFigures? peaksThere = null;
            if (cancellation.IsCancellationRequested)
            {
                result = Unmeasured(job, MeasurementStatus.Skipped, NotStartedReason);
            }
            else if (unpreparable.TryGetValue((job.Model.Name, job.Variant), out var why))
            {
                observer.JobStarted(job, index, jobs.Count);
                result = Unmeasured(job, MeasurementStatus.Failed, why);
            }
            else if (job.Model.TrainingFailure is { } untrained)
            {
                observer.JobStarted(job, index, jobs.Count);
                result = Unmeasured(job, MeasurementStatus.Failed, untrained);
            }
            else
            {
                observer.JobStarted(job, index, jobs.Count);
                var samplesFile = ResultsStore.SamplesFileFor(job.Id, index);
                var document = JobDocumentMapping.ToDocument(job, Path.Combine(store.RunDirectory, samplesFile));
                var lastPhase = string.Empty;
                var outcome = await runners.For(job.Target).RunAsync(document, job.Rules.JobTimeout, phase => observer.JobPhase(job, lastPhase = phase), cancellation).ConfigureAwait(false);
                if (outcome.Agent is { } agent)
                {
                    // An agent target's fingerprint is the agent's machine, known once the agent has answered.
                    var described = TargetFingerprints.Describe(job.Target, agent);
                    var at = targets.FindIndex(t => t.Target == job.Target.Name);
                    if (at >= 0)
                    {
                        targets[at] = described;
                    }
                    else
                    {
                        targets.Add(described);
                    }

                    results = results with { Targets = [.. targets] };
                }

                peaksThere = outcome.Peaks;
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

            result = roofs.Place(job.Target, result, peaksThere);
            result = result with { Node = node, Figures = figures.GetValueOrDefault(job.Target.Name) };
            slots[index] = result;
            results = results with { Measurements = [.. slots.OfType<MeasurementResult>()] };
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

        results = RunConclusion.Conclude(scenario, results with { FinishedAt = clock.GetUtcNow() });
        results = results with { Peaks = roofs.Peaks.Count > 0 ? roofs.Peaks : null };
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
