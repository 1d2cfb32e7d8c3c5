using Harness.Plan;
using Harness.Results;

namespace Harness.Execute.Merging;

/// <summary>
/// Puts a sharded run back together. Every check is made before anything is written, so a merge
/// either yields the whole run or refuses with the reason: the shards must come from the same
/// scenario (content hash), harness and results schema, be all there once each, be finished, and
/// together hold exactly the jobs the scenario plans. Each measurement keeps the fingerprint of the
/// node it ran on, and the merged run lists the distinct nodes.
/// </summary>
public static class ShardMerge
{
    public static RunResults Merge(IReadOnlyList<ShardRun> shards, Scenario scenario, string runId)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(scenario);
        if (shards.Count == 0)
        {
            throw new MergeException("no runs to merge; name the shard runs' folders");
        }

        foreach (var shard in shards)
        {
            CheckAlike(shard, shards[0], scenario);
        }

        var ordered = CheckComplete(shards);
        var planned = JobPlanner.Plan(scenario);
        CheckCoverage(ordered, planned);

        var byId = ordered
            .SelectMany(s => s.Run.Measurements.Select(m => m.Node is null ? m with { Node = NodeFingerprint.Of(s.Run.Environment) } : m))
            .ToDictionary(m => m.Id, StringComparer.Ordinal);
        var nodes = ordered
            .GroupBy(s => NodeFingerprint.Of(s.Run.Environment), StringComparer.Ordinal)
            .Select(g => new NodeInfo(g.Key, g.First().Run.Environment, [.. g.Select(s => s.Run.Shard!.Index)]))
            .ToList();
        var first = ordered[0].Run;
        var merged = new RunResults(
            first.Schema,
            runId,
            first.Scenario,
            first.Harness,
            first.Environment,
            ordered.Min(s => s.Run.StartedAt),
            ordered.Max(s => s.Run.FinishedAt),
            [.. planned.Select(j => byId[j.Id])])
        {
            Merged = new MergeInfo([.. ordered.Select(s => s.Run.RunId)], nodes),
        };
        return RunConclusion.Conclude(scenario, merged);
    }

    private static void CheckAlike(ShardRun shard, ShardRun first, Scenario scenario)
    {
        var run = shard.Run;
        if (run.Shard is null)
        {
            throw new MergeException($"{shard.Folder} is a whole run, not a shard (it ran without --shard); merge the runs of 'harness run SCENARIO --shard i/n'");
        }

        if (run.Schema != first.Run.Schema)
        {
            throw new MergeException($"{shard.Folder} is written in results schema {run.Schema}, {first.Folder} in {first.Run.Schema}; merge shards written by one harness");
        }

        if (run.Scenario.Sha256 != scenario.Sha256)
        {
            throw new MergeException($"{shard.Folder} ran a different scenario (sha256 {Short(run.Scenario.Sha256)}) from {scenario.SourcePath} (sha256 {Short(scenario.Sha256)}); merge shards of one scenario file, unchanged since they ran");
        }

        if (run.Harness != first.Run.Harness)
        {
            throw new MergeException($"{shard.Folder} ran on harness {run.Harness.Version} ({run.Harness.Commit}), {first.Folder} on {first.Run.Harness.Version} ({first.Run.Harness.Commit}); run every shard with the same harness");
        }

        if (run.Shard.Count != first.Run.Shard!.Count)
        {
            throw new MergeException($"{shard.Folder} is shard {run.Shard.Index}/{run.Shard.Count}, {first.Folder} is shard {first.Run.Shard.Index}/{first.Run.Shard.Count}; merge the shards of one split");
        }
    }

    /// <summary>The shards in index order, once each, each with a result for every job it was given.</summary>
    private static List<ShardRun> CheckComplete(IReadOnlyList<ShardRun> shards)
    {
        var count = shards[0].Run.Shard!.Count;
        var repeated = shards.GroupBy(s => s.Run.Shard!.Index).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new MergeException($"shard {repeated.Key}/{count} is given twice: {string.Join(" and ", repeated.Select(s => s.Folder))}; name each shard's run once");
        }

        var missing = Enumerable.Range(0, count).Except(shards.Select(s => s.Run.Shard!.Index)).ToList();
        if (missing.Count > 0)
        {
            throw new MergeException($"shard{(missing.Count == 1 ? string.Empty : "s")} {string.Join(", ", missing.Select(i => $"{i}/{count}"))} {(missing.Count == 1 ? "is" : "are")} missing; run {(missing.Count == 1 ? "it" : "them")} (harness run SCENARIO --shard i/{count}) and name every shard's run");
        }

        foreach (var shard in shards)
        {
            var measured = shard.Run.Measurements.Where(RunResumption.Keeps).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            var left = shard.Run.Shard!.Jobs.Count(id => !measured.Contains(id));
            if (shard.Run.FinishedAt is null || left > 0)
            {
                throw new MergeException($"shard {shard.Run.Shard.Index}/{count} ({shard.Folder}) is unfinished: {left} of its {shard.Run.Shard.Jobs.Count} jobs not measured; finish it with 'harness run --resume {shard.Folder}'");
            }
        }

        return [.. shards.OrderBy(s => s.Run.Shard!.Index)];
    }

    private static void CheckCoverage(List<ShardRun> shards, IReadOnlyList<MeasurementJob> planned)
    {
        var owner = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            foreach (var id in shard.Run.Shard!.Jobs)
            {
                if (!owner.TryAdd(id, shard.Run.Shard.Index))
                {
                    throw new MergeException($"job {id} was measured by shard {owner[id]} and shard {shard.Run.Shard.Index}: the shards were split differently (a cost history that differs between nodes?); run them again from one place");
                }
            }
        }

        var plannedIds = planned.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        var unmeasured = plannedIds.Where(id => !owner.ContainsKey(id)).ToList();
        var unplanned = owner.Keys.Where(id => !plannedIds.Contains(id)).ToList();
        if (unmeasured.Count > 0 || unplanned.Count > 0)
        {
            throw new MergeException($"the shards do not cover the scenario's jobs: {unmeasured.Count} planned but in no shard ({string.Join(", ", unmeasured.Take(3))}), {unplanned.Count} in a shard but not planned ({string.Join(", ", unplanned.Take(3))})");
        }
    }

    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;
}

/// <summary>A shard's results and the folder they were read from (named in every refusal).</summary>
public sealed record ShardRun(string Folder, RunResults Run);
