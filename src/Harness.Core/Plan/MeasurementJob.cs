using System.Globalization;

namespace Harness.Plan;

/// <summary>
/// One measurement: a model variant on a target under one load. Its <see cref="Id"/>
/// (<c>model/variant/target/load</c>) is stable across runs, so results can be compared, resumed
/// and merged by id.
/// </summary>
public sealed record MeasurementJob(
    string Id,
    ModelSpec Model,
    string Variant,
    TargetSpec Target,
    LoadSpec Load,
    int BatchSize,
    RunRules Rules)
{
    public string LoadName => LoadNames.Of(Load.Kind);

    /// <summary>How to make this job's variant from the model file; null for the reference (the file as given).</summary>
    public VariantRequest? Transform { get; init; }
}

public static class LoadNames
{
    public static string Of(LoadKind kind) => kind switch
    {
        LoadKind.SingleStream => "single-stream",
        LoadKind.MultiStream => "multi-stream",
        LoadKind.Server => "server",
        LoadKind.Offline => "offline",
        LoadKind.ConcurrencySweep => "concurrency-sweep",
        LoadKind.Accuracy => "accuracy",
        LoadKind.Fidelity => "fidelity",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The load part of a job id: short, unique within a scenario, and stable.</summary>
    public static string IdOf(LoadSpec load, int batchSize)
    {
        var name = Of(load.Kind);
        var batched = load.Batcher is null ? string.Empty : "-batched";
        return load.Kind switch
        {
            LoadKind.SingleStream => batchSize == 1 ? name : $"{name}-b{batchSize}",
            LoadKind.Offline => $"{name}-b{batchSize}",
            LoadKind.MultiStream => $"{name}-n{load.SamplesPerQuery}{batched}",
            LoadKind.Server when load.SearchPeakQps => $"{name}-peak{batched}",
            LoadKind.Server => $"{name}-qps{load.TargetQps!.Value.ToString("0.###", CultureInfo.InvariantCulture)}{batched}",
            _ => name,
        };
    }
}
