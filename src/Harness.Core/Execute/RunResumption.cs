using Harness.Plan;
using Harness.Results;

namespace Harness.Execute;

/// <summary>
/// Picks up a run that stopped before its end (interrupted, or its node died): what it measured is
/// kept, and only the jobs it lost or never reached are measured again. A run is resumed only by
/// the scenario and harness that started it, or its figures would mix two plans.
/// </summary>
public static class RunResumption
{
    /// <summary>
    /// The run as far as it got: results.json, plus anything the journal holds that the results
    /// file missed (a rewrite that failed, or a node that died between the two writes).
    /// </summary>
    public static RunResults Recover(ResultsStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        RunResults written;
        try
        {
            written = ResultsStore.Read(store.ResultsPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ResumeException($"{store.RunDirectory} holds no {ResultsStore.ResultsFileName}; name the folder of a run that 'harness run' started", e);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            throw new ResumeException($"{store.ResultsPath} is not a results file that 'harness run' wrote: {e.Message}", e);
        }

        var byId = new Dictionary<string, MeasurementResult>(StringComparer.Ordinal);
        foreach (var measurement in written.Measurements.Concat(store.ReadJournal()))
        {
            byId[measurement.Id] = measurement;
        }

        return written with { Measurements = [.. byId.Values.Where(Keeps)] };
    }

    /// <summary>
    /// A result worth keeping: everything but a job stopped mid-measurement or never started. A
    /// failed job is kept: it failed for a reason that measuring it again would meet again.
    /// </summary>
    public static bool Keeps(MeasurementResult measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return measurement.Status != MeasurementStatus.Interrupted
            && !(measurement.Status == MeasurementStatus.Skipped && measurement.Error == RunOrchestrator.NotStartedReason);
    }

    /// <summary>The jobs the run was planned with: the scenario's, or its shard's part of them.</summary>
    public static IReadOnlyList<MeasurementJob> JobsOf(RunResults run, Scenario scenario, HarnessInfo harness)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(harness);
        if (run.Scenario.Sha256 != scenario.Sha256)
        {
            throw new ResumeException($"{scenario.SourcePath} has changed since run {run.RunId} started (sha256 {Short(run.Scenario.Sha256)}, now {Short(scenario.Sha256)}); resume it with the file it ran, or start a new run");
        }

        if (run.Harness.Version != harness.Version || run.Harness.Commit != harness.Commit)
        {
            throw new ResumeException($"run {run.RunId} was started by harness {run.Harness.Version} ({run.Harness.Commit}), this is {harness.Version} ({harness.Commit}); resume it with the harness that started it, or start a new run");
        }

        var jobs = JobPlanner.Plan(scenario);
        if (run.Shard is not { } shard)
        {
            return jobs;
        }

        var ids = shard.Jobs.ToHashSet(StringComparer.Ordinal);
        var mine = jobs.Where(j => ids.Contains(j.Id)).ToList();
        return mine.Count == ids.Count
            ? mine
            : throw new ResumeException($"shard {shard.Index}/{shard.Count} of run {run.RunId} names jobs {scenario.SourcePath} does not plan: {string.Join(", ", ids.Except(mine.Select(j => j.Id)).Take(3))}");
    }

    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;
}
