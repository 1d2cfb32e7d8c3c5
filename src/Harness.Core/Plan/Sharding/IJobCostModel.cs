namespace Harness.Plan.Sharding;

/// <summary>
/// How long a job is expected to take, so shards can be balanced before anything is measured.
/// Every shard of a run must get the same answers (each computes the partition on its own), so a
/// model may use only what every node sees alike: the scenario, or a history on a shared folder.
/// </summary>
public interface IJobCostModel
{
    TimeSpan Expected(MeasurementJob job);

    /// <summary>Making the variant before its first job (once per shard that measures it; nothing for the reference).</summary>
    TimeSpan Preparation(VariantRequest variant);
}
