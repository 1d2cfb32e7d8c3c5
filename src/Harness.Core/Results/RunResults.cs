using System.Text.Json.Serialization;

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

    /// <summary>Cost figures for priced targets (added in v1 as an optional block); null when nothing was priced.</summary>
    public PricingInfo? Pricing { get; init; }

    /// <summary>The part of the scenario's jobs this run measured (<c>--shard i/n</c>); null for a whole run.</summary>
    public ShardInfo? Shard { get; init; }

    /// <summary>A run merged from shards: the shards' run ids and the nodes they measured on; null otherwise.</summary>
    public MergeInfo? Merged { get; init; }

    /// <summary>Each target's environment fingerprint and how its figures came about (added in v1 as an optional block).</summary>
    public IReadOnlyList<TargetEnvironment>? Targets { get; init; }

    /// <summary>Each probed target's measured peaks (or why it could not be probed): the roofs the measurements' shares are of.</summary>
    public IReadOnlyList<Roofline.PeakFigures>? Peaks { get; init; }
}

public sealed record ScenarioInfo(string Name, string Path, string Sha256);

public sealed record HarnessInfo(string Version, string Commit);

/// <param name="OnnxRuntime">Written <c>onnxruntime</c>, the contract's spelling (files before it said <c>onnxRuntime</c>; readers match names case-insensitively, so both read).</param>
public sealed record EnvironmentInfo(
    string Os,
    string Cpu,
    int Cores,
    long MemoryBytes,
    string Dotnet,
    [property: JsonPropertyName("onnxruntime")] string OnnxRuntime,
    IReadOnlyList<string> Providers)
{
    /// <summary>The process's architecture (X64, Arm64).</summary>
    public string? Architecture { get; init; }

    /// <summary>The CPU's vector extensions that matter to inference kernels (see <see cref="EnvironmentProbe.CpuFlags"/>).</summary>
    public IReadOnlyList<string>? CpuFlags { get; init; }

    /// <summary>The distribution's name (/etc/os-release's PRETTY_NAME).</summary>
    public string? Distribution { get; init; }

    public string? Kernel { get; init; }

    /// <summary>The machine's first NVIDIA GPU, from nvidia-smi; null where there is none (or no driver).</summary>
    public GpuInfo? Gpu { get; init; }
}

public static class MeasurementStatus
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string Invalid = "invalid";
    public const string Skipped = "skipped";

    /// <summary>The run was stopped (SIGINT, SIGTERM) while this job was being measured; its worker was stopped with it.</summary>
    public const string Interrupted = "interrupted";
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
    string? SamplesFile)
{
    /// <summary>Queue and compute parts of each request's latency (server and multi-stream).</summary>
    public LatencyBreakdown? LatencyBreakdownMs { get; init; }

    /// <summary>The latency bound and whether the headline percentile met it (server).</summary>
    public SloInfo? Slo { get; init; }

    /// <summary>Every run of a search or sweep, in the order made; the measurement's figures are the chosen one's.</summary>
    public IReadOnlyList<ProbeResult>? Probes { get; init; }

    /// <summary>Where a peak-QPS search left the peak (server searches).</summary>
    public SearchInfo? Search { get; init; }

    /// <summary>What a GPU target measured beside the latencies: its memory in use and the host-to-device copy of one query's inputs.</summary>
    public DeviceInfo? Device { get; init; }

    /// <summary>Quality on labelled data (accuracy jobs).</summary>
    public AccuracyInfo? Accuracy { get; init; }

    /// <summary>How the variant was made (absent for the reference, the file as given).</summary>
    public VariantInfo? VariantInfo { get; init; }

    /// <summary>Agreement with the reference variant's outputs on the same inputs (fidelity and accuracy jobs of variants).</summary>
    public IReadOnlyList<FidelityInfo>? Fidelity { get; init; }

    /// <summary>The sha256 (lower-case hex) of the model file as given, so a result names exactly which file it measured.</summary>
    public string? ModelSha256 { get; init; }

    /// <summary>Each generated input at the job's batch size: name, element type, shape, batch axis and fill.</summary>
    public IReadOnlyList<InputInfo>? Inputs { get; init; }

    /// <summary>The fingerprint of the node this job ran on (<see cref="NodeFingerprint"/>), so a merged run keeps it per measurement.</summary>
    public string? Node { get; init; }

    /// <summary>The agent that measured this job, and the network round trip to it (agent targets only).</summary>
    public RemoteInfo? Remote { get; init; }

    /// <summary>How the figures came about: <c>measured</c>, or <c>emulated on &lt;host CPU&gt;</c> for an emulated device (see <see cref="TargetEnvironment"/>).</summary>
    public string? Figures { get; init; }

    /// <summary>The cores and memory limit the worker was held to, read from inside it; absent where it ran free.</summary>
    public PlacementInfo? Placement { get; init; }

    /// <summary>Operations per sample, achieved GFLOP/s and the share of the target's roofline (throughput jobs on a model).</summary>
    public RooflineInfo? Roofline { get; init; }

    /// <summary>The figures projected onto the emulated device (<c>projected: true</c>): estimates, apart from the measured ones.</summary>
    public ProjectionInfo? Projected { get; init; }

    /// <summary>The machine's speed on a reference kernel before and after the measurement (jobs that ran a model).</summary>
    public MachineSpeedInfo? MachineSpeed { get; init; }

    /// <summary>
    /// For a side measured in turns with another (<c>harness gate --in-turns</c>): where each of its
    /// turns begins, as an index into its samples file; turn i of both sides ran back to back.
    /// </summary>
    public IReadOnlyList<int>? TurnStarts { get; init; }
}

/// <param name="Dtype">The element type's name (float32, int64, …).</param>
/// <param name="BatchAxis">The axis requests are batched along; null for an input the batch shares.</param>
/// <param name="Fill">The fill in the scenario's words, with its seed: "uniform [0, 1) seed 1", "constant 16000".</param>
public sealed record InputInfo(string Name, string Dtype, IReadOnlyList<long> Shape, int? BatchAxis, string Fill);

/// <param name="CacheHit">True when the variant came from the cache: nothing was prepared this time.</param>
/// <param name="Transformed">Nodes the rewriter changed (quantized, or moved to float16).</param>
/// <param name="Skipped">Nodes left as they were, grouped by op type and reason.</param>
public sealed record VariantInfo(string Kind, long SizeBytes, long SourceSizeBytes, bool CacheHit, int Transformed, IReadOnlyList<SkippedNodes> Skipped, IReadOnlyList<string> Notes)
{
    public double SizeRatio => SourceSizeBytes == 0 ? 0 : SizeBytes / (double)SourceSizeBytes;
}

public sealed record SkippedNodes(string OpType, string Reason, int Count);

/// <summary>
/// How closely one output of a variant reproduces the reference's on the same inputs. A row is one
/// vector along the output's last axis; argmax agreement means something only where a row is a
/// class vector (<see cref="RowLength"/> above 1).
/// </summary>
public sealed record FidelityInfo(string Reference, string Output, long Rows, double ArgmaxAgreement, double MaxAbsError, double MeanCosine)
{
    /// <summary>The last axis's length; 0 where an older result did not record it.</summary>
    public int RowLength { get; init; }

    public double? MeanAbsError { get; init; }

    /// <summary>Largest |reference − variant| / |reference| (see <c>FidelityAccumulator</c> for the floor near zero).</summary>
    public double? MaxRelError { get; init; }

    public double? MeanRelError { get; init; }

    /// <summary>Why the scenario's <c>fidelity:</c> bound rejects the variant on this output; null when it holds or there is none.</summary>
    public string? RejectedReason { get; init; }
}

/// <summary>
/// A model variant's quality on a labelled dataset: the headline metric with its bootstrap
/// interval, every metric asked for, per-slice tables with the worst slice named, the samples the
/// model failed on, and whether the variant was rejected against the reference.
/// </summary>
public sealed record AccuracyInfo(
    string Dataset,
    string Task,
    int Samples,
    double SamplesPerSec,
    HeadlineMetric Headline,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<SliceTable> Slices,
    int FailedSamples,
    IReadOnlyList<string> Failures)
{
    public IReadOnlyList<ShiftResult> Shifts { get; init; } = [];

    public bool Rejected { get; init; }

    public string? RejectedReason { get; init; }

    /// <summary>Top-1 correctness of each scored sample in order (<see cref="Evaluate.Metrics.SampleCorrectness"/>), for paired comparisons; classification only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Correct { get; init; }

    /// <summary>A distilled student's top-1 against its hard-label twin's on the same samples; null for every other variant.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TwinComparison? VersusTwin { get; init; }
}

/// <summary>
/// Whether distillation helped: the student's top-1 minus its hard-label twin's (same student, seed
/// and budget, labels only), with a paired bootstrap interval over the samples both were scored on.
/// </summary>
/// <param name="Twin">The twin variant's name.</param>
/// <param name="Difference">Student minus twin, as a fraction (0.01 = one point).</param>
public sealed record TwinComparison(string Twin, string Metric, double Difference, double Lower, double Upper, double Confidence, int Resamples, int Seed);

/// <param name="HigherIsBetter">Whether a larger value is better (exact match) or worse (CER).</param>
public sealed record HeadlineMetric(string Metric, double Value, double Lower, double Upper, double Confidence, int Resamples, int Seed, bool HigherIsBetter);

public sealed record SliceTable(string Attribute, string Metric, IReadOnlyList<SliceRow> Groups, SliceRow? Worst);

public sealed record SliceRow(string Key, int Count, double Value);

/// <summary>The headline under one synthetic drift, its drop against clean data, and drift statistics of the model's confidence.</summary>
public sealed record ShiftResult(string Kind, double Strength, double Value, double Drop, double? PopulationStabilityIndex, double? KolmogorovSmirnov);

/// <param name="TargetQps">Server: the Poisson arrival rate asked for (the peak found, for a search).</param>
/// <param name="AchievedQps">Queries completed per second over the measured window.</param>
/// <param name="Percentile">The headline percentile of this load, e.g. 0.9 or 0.99.</param>
/// <param name="Seed">The seed of the arrival schedule.</param>
public sealed record LoadInfo(string Scenario, int BatchSize, int Concurrency)
{
    public double? TargetQps { get; init; }

    public double? AchievedQps { get; init; }

    public int? SamplesPerQuery { get; init; }

    public double? IntervalMs { get; init; }

    public double Percentile { get; init; }

    public int? Seed { get; init; }

    public BatcherInfo? Batcher { get; init; }

    /// <summary>Open loops (server, multi-stream): how the load generator and the system shared the machine.</summary>
    public GeneratorInfo? Generator { get; init; }
}

/// <summary>How an open loop's load generator and the system under test shared the machine.</summary>
/// <param name="Placement">
/// <c>inline</c>: the generator issues each query on the thread that runs it, so it waits (sleeping
/// above 20 ms, yielding above 50 µs, then spinning) only while the system is idle and never holds
/// a core an inference could use.
/// </param>
/// <param name="Cores">Logical cores the worker process could run on.</param>
/// <param name="SystemThreads">The system's intra-op threads (0: ONNX Runtime's choice, one per physical core; no-op target: 0).</param>
public sealed record GeneratorInfo(string Placement, int Cores, int SystemThreads)
{
    public const string Inline = "inline";
}

public sealed record BatcherInfo(int MaxBatch, double MaxQueueDelayMs, IReadOnlyList<int> PreferredSizes, double MeanBatchSize);

/// <summary>Where each request's time went: waiting in the queue (or the batcher) and computing.</summary>
public sealed record LatencyBreakdown(LatencySummary Queue, LatencySummary Compute);

public sealed record SloInfo(double LatencyMs, double Percentile, double ObservedMs, bool Met);

/// <summary>One run of a peak-QPS search (by target QPS) or of a concurrency sweep (by clients).</summary>
public sealed record ProbeResult(
    int Index,
    double? TargetQps,
    int Concurrency,
    LatencySummary? LatencyMs,
    ThroughputInfo Throughput,
    ValidityInfo Validity,
    bool? MeetsSlo)
{
    /// <summary>Search: passed, failed or inconclusive (met the SLO in an invalid run).</summary>
    public string? Outcome { get; init; }

    /// <summary>Search: how the probe counted, e.g. run again longer, or bounding the search from above.</summary>
    public string? Note { get; init; }

    /// <summary>Search: 0 for a rate's first run, then 1 for its re-run.</summary>
    public int? Attempt { get; init; }

    /// <summary>Search: the seed of this run's arrival schedule.</summary>
    public int? Seed { get; init; }
}

/// <summary>
/// A peak-QPS search's final bracket: the peak lies between the highest rate that met the SLO in a
/// valid run and the lowest that did not (or was never confirmed); <paramref name="Resolved"/> when
/// they are within <paramref name="Resolution"/> of the lower one.
/// </summary>
public sealed record SearchInfo(double? HighestPassingQps, double? LowestFailingQps, double Resolution, bool Resolved);

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

/// <param name="MemoryBytes">The device memory the worker held after measuring (ONNX Runtime's arena keeps its peak), from the driver's free-memory figure.</param>
/// <param name="HostToDeviceMs">Copying one query's inputs to the device, timed apart: closed-loop latencies exclude it (inputs stay in device memory).</param>
public sealed record DeviceInfo(string Kind, int DeviceId, long? MemoryBytes, LatencySummary? HostToDeviceMs);

/// <param name="QueriesNeeded">Queries a run needs to claim its headline percentile at 99% confidence (LoadGen's early-stopping count).</param>
public sealed record ValidityInfo(bool Valid, IReadOnlyList<string> Reasons, long? QueriesNeeded = null)
{
    public static ValidityInfo NotMeasured(string reason) => new(false, [reason]);
}
