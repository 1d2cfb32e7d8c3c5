namespace Harness.Plan.Sharding;

/// <summary>
/// Splits a run's jobs into shards: every job in exactly one, balanced by expected cost, the same
/// on every node. The unit of assignment is a variant's whole set of jobs (so a variant is made
/// only by the one shard that measures it) or a single job of the reference, which needs no
/// making. Units go largest first to the shard with the least work so far (ties: the lower shard;
/// equal units: by id), the classic longest-processing-time rule, within 4/3 of the best split.
/// </summary>
public static class ShardPartition
{
    /// <summary>The jobs of <paramref name="shard"/>, in the order the full run would measure them.</summary>
    public static IReadOnlyList<MeasurementJob> JobsOf(IReadOnlyList<MeasurementJob> jobs, ShardSpec shard, IJobCostModel costs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return Split(jobs, shard.Count, costs)[shard.Index];
    }

    /// <summary>All <paramref name="count"/> shards' jobs, each in planned order.</summary>
    public static IReadOnlyList<IReadOnlyList<MeasurementJob>> Split(IReadOnlyList<MeasurementJob> jobs, int count, IJobCostModel costs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var units = jobs
            .GroupBy(UnitOf, StringComparer.Ordinal)
            .Select(g => (Key: g.Key, Cost: CostOf(g, costs), Jobs: g.ToList()))
            .OrderByDescending(u => u.Cost)
            .ThenBy(u => u.Key, StringComparer.Ordinal)
            .ToList();
        if (units.Count < count)
        {
            throw new ShardException($"{count} shards, but the scenario has only {units.Count} part(s) to share out ({jobs.Count} jobs; a variant's jobs stay together); use at most {units.Count} shards");
        }

        var loads = new TimeSpan[count];
        var assigned = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            var lightest = 0;
            for (var shard = 1; shard < count; shard++)
            {
                if (loads[shard] < loads[lightest])
                {
                    lightest = shard;
                }
            }

            loads[lightest] += unit.Cost;
            foreach (var job in unit.Jobs)
            {
                assigned[job.Id] = lightest;
            }
        }

        var shards = Enumerable.Range(0, count).Select(_ => new List<MeasurementJob>()).ToList();
        foreach (var job in jobs)
        {
            shards[assigned[job.Id]].Add(job);
        }

        return shards;
    }

    /// <summary>A made variant's jobs share one unit; a reference job is a unit of its own.</summary>
    private static string UnitOf(MeasurementJob job) => job.Transform is null ? job.Id : $"{job.Model.Name}/{job.Variant}";

    private static TimeSpan CostOf(IEnumerable<MeasurementJob> unit, IJobCostModel costs)
    {
        var total = TimeSpan.Zero;
        VariantRequest? variant = null;
        foreach (var job in unit)
        {
            total += costs.Expected(job);
            variant ??= job.Transform;
        }

        return variant is null ? total : total + costs.Preparation(variant);
    }
}
