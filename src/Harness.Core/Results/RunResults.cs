namespace Harness.Results;

/// <summary>
/// The results contract (<c>harness.results/v1</c>): one file per run that every later stage
/// (reports, gates, cost) reads. Later versions add blocks; v1 fields keep their names.
/// </summary>
public sealed record RunResults(
    string Schema,
    string RunId,
    ScenarioInfo Scenario,
    HarnessInfo Harness,
    EnvironmentInfo Environment,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<MeasurementResult> Measurements)
{
    public const string SchemaV1 = "harness.results/v1";
}

public sealed record ScenarioInfo(string Name, string Path, string Sha256);

public sealed record HarnessInfo(string Version, string Commit);

public sealed record EnvironmentInfo(
    string Os,
    string Cpu,
    int Cores,
    long MemoryBytes,
    string Dotnet,
    string OnnxRuntime,
    IReadOnlyList<string> Providers);

public static class MeasurementStatus
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string Invalid = "invalid";
    public const string Skipped = "skipped";
}

public sealed record MeasurementResult(
    string Id,
    string Model,
    string Variant,
    string Target,
    LoadInfo Load,
    string Status,
    string? Error,
    LatencySummary? LatencyMs,
    ThroughputInfo? Throughput,
    ColdStartInfo? ColdStartMs,
    MemoryInfo? Memory,
    ValidityInfo Validity,
    string? SamplesFile);

public sealed record LoadInfo(string Scenario, int BatchSize, int Concurrency);

/// <summary>Per-request latency statistics, in milliseconds.</summary>
public sealed record LatencySummary(
    long Count,
    double Mean,
    double Stdev,
    double Min,
    double P50,
    double P90,
    double P95,
    double P99,
    double P999,
    double Max);

public sealed record ThroughputInfo(double QueriesPerSec, double SamplesPerSec);

public sealed record ColdStartInfo(double SessionCreate, double FirstInference);

public sealed record MemoryInfo(long PeakRssBytes);

public sealed record ValidityInfo(bool Valid, IReadOnlyList<string> Reasons)
{
    public static ValidityInfo NotMeasured(string reason) => new(false, [reason]);
}
