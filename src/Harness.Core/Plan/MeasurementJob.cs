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
    LoadKind Load,
    int BatchSize,
    RunRules Rules)
{
    public string LoadName => LoadNames.Of(Load);
}

public static class LoadNames
{
    public static string Of(LoadKind kind) => kind switch
    {
        LoadKind.SingleStream => "single-stream",
        LoadKind.Offline => "offline",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
