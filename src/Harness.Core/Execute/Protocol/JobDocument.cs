using Harness.Results;

namespace Harness.Execute.Protocol;

/// <summary>
/// What the orchestrator sends a worker (one JSON line on its stdin) or, later, a remote agent: one
/// job, written in the protocol's own vocabulary rather than as the planner's records, and stamped
/// with the schema it follows and the harness that wrote it. A worker of another build reads the
/// stamp first and refuses a version it does not speak with a message that names both sides
/// (<see cref="JobDocumentJson.Read"/>), instead of misreading fields that changed meaning.
/// <see cref="JobDocumentMapping"/> is the one place that turns a planned job into a document and back.
/// </summary>
/// <param name="Schema">Always <see cref="SchemaName"/>.</param>
/// <param name="Version">The protocol version the writer spoke; a reader accepts only its own.</param>
/// <param name="Harness">The harness build that wrote the document, for the mismatch message.</param>
/// <param name="SamplesPath">Where the worker writes the per-request latency samples.</param>
public sealed record JobDocument(string Schema, int Version, HarnessInfo Harness, JobBody Job, string SamplesPath)
{
    public const string SchemaName = "harness.job";

    /// <summary>A second job measured in turns with this one in the same worker (<c>harness gate --in-turns</c>); absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public TurnsBody? InTurns { get; init; }

    /// <summary>Raise it whenever a field is added, removed or changes meaning.</summary>
    /// <remarks>
    /// Version 2 added the target's CUDA settings, the fidelity load kind and a load's sample count;
    /// version 3 a variant's distillation settings; version 4 the target's core pinning, spin-wait,
    /// memory limit and emulated device profile; version 5 an agent's roofline peaks (<c>GET /v1/peaks</c>),
    /// which a run asks every agent for; version 6 a second job measured in turns with the first.
    /// </remarks>
    public const int CurrentVersion = 6;
}

/// <summary>The job measured in turns with the document's own, and where its samples go.</summary>
public sealed record TurnsBody(JobBody Job, string SamplesPath);

/// <summary>One measurement: a model variant on a target under one load, with the run's rules.</summary>
/// <param name="Transform">How to make the variant from the model file; null for the reference (the file as given).</param>
public sealed record JobBody(string Id, ModelBody Model, string Variant, VariantBody? Transform, TargetBody Target, LoadBody Load, int BatchSize, RulesBody Rules);

/// <summary>The model file and how to feed it; only what a worker needs (no other variants, no other loads).</summary>
/// <param name="Dimensions">Bindings for symbolic dimensions of the model's inputs.</param>
public sealed record ModelBody(
    string Name,
    string Path,
    IReadOnlyList<InputBody> Inputs,
    IReadOnlyDictionary<string, long> Dimensions,
    string? TestDataDirectory,
    AccuracyBody? Accuracy);

/// <param name="Shape">Each dimension a number ("3") or a symbol ("batch").</param>
public sealed record InputBody(string Name, IReadOnlyList<string>? Shape, FillBody Fill)
{
    public int? BatchAxis { get; init; }

    public bool FillGiven { get; init; } = true;
}

/// <param name="Kind">uniform, normal, zeros, constant or values.</param>
public sealed record FillBody(string Kind, double Low, double High, double Mean, double StdDev, int Seed)
{
    /// <summary>A constant's value or the list values are drawn from; absent for the other kinds.</summary>
    public IReadOnlyList<double>? Values { get; init; }
}

/// <param name="MaxDrop">A fraction: 0.01 is one point of the headline metric.</param>
public sealed record AccuracyBody(
    string Dataset,
    IReadOnlyList<string> Metrics,
    int Samples,
    int BatchSize,
    IReadOnlyList<string> Slices,
    string Text,
    double? MaxDrop,
    int Resamples,
    IReadOnlyList<ShiftBody> Shifts);

public sealed record ShiftBody(string Kind, double Strength);

/// <param name="Kind">int8-dynamic, int8-static, float16, int4 or distilled.</param>
public sealed record VariantBody(
    string Name,
    string Kind,
    CalibrationBody? Calibration,
    bool PerChannel,
    string ActivationType,
    IReadOnlyList<string> ExcludeOps,
    IReadOnlyList<string> ExcludeNodes,
    bool KeepIoTypes)
{
    /// <summary>A distilled variant's student and training; absent for other kinds.</summary>
    public DistillationBody? Distillation { get; init; }
}

/// <summary>A distilled variant's student (preset or layers), training data and options; the budget in milliseconds.</summary>
public sealed record DistillationBody(
    string Student,
    string Dataset,
    int Samples,
    bool HardLabelsOnly,
    int Epochs,
    int BatchSize,
    double LearningRate,
    double WeightDecay,
    double Temperature,
    double Alpha,
    double Validation,
    int Patience,
    double? BudgetMs,
    int Seed,
    int Threads)
{
    /// <summary>The user's training program, placeholders in place; null for a student Harness trains.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Command { get; init; }
}

/// <param name="Dataset">A named dataset, or null for seeded samples of the model's inputs.</param>
public sealed record CalibrationBody(string? Dataset, int Samples, string Method, int Seed);

/// <param name="Device">cpu, no-op, cuda or edge.</param>
/// <param name="Cuda">The CUDA provider's settings, for a cuda target; null otherwise.</param>
public sealed record TargetBody(string Name, string Device, int IntraOpThreads, int InterOpThreads, string GraphOptimization, string ExecutionMode, CudaBody? Cuda)
{
    /// <summary>The cores the worker pins itself to before it loads anything; null: no pinning.</summary>
    public PinningBody? Pinning { get; init; }

    public bool? SpinWait { get; init; }

    /// <summary>The most the worker's peak RSS may reach before its variant is failed as not fitting.</summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>The edge device profile an edge target emulates.</summary>
    public EmulationBody? Emulation { get; init; }
}

/// <param name="Cores">The cores by number; null: the first <paramref name="Count"/> the worker may use.</param>
public sealed record PinningBody(IReadOnlyList<int>? Cores, int Count);

public sealed record EmulationBody(string Profile, string Device, string Cpu, int Cores, long MemoryBytes);

/// <param name="ConvAlgorithmSearch">exhaustive, heuristic or default.</param>
public sealed record CudaBody(int DeviceId, string ConvAlgorithmSearch, long? MemoryLimitBytes);

/// <param name="Kind">single-stream, multi-stream, server, offline, concurrency-sweep, accuracy or fidelity.</param>
/// <param name="Samples">Fidelity: seeded samples compared with the reference.</param>
public sealed record LoadBody(
    string Kind,
    IReadOnlyList<int> BatchSizes,
    double Percentile,
    int SamplesPerQuery,
    double? IntervalMs,
    double? TargetQps,
    bool SearchPeakQps,
    double? SloMs,
    BatcherBody? Batcher,
    IReadOnlyList<int>? Clients,
    double MinGain,
    int Samples = 0);

public sealed record BatcherBody(int MaxBatch, double MaxQueueDelayMs, IReadOnlyList<int> PreferredSizes);

public sealed record RulesBody(
    int WarmupQueries,
    double MinDurationMs,
    int MinQueries,
    double MaxDurationMs,
    int MaxQueries,
    double JobTimeoutMs,
    int Seed,
    double StabilityTolerance,
    double MaxLateFraction,
    int MaxSearchProbes,
    bool UntilSteady = false);
