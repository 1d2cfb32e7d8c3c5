using Harness.Data.Shifts;
using Harness.Evaluate;
using Harness.Optimize.Quantization;
using Harness.Optimize.Quantization.Calibration;

namespace Harness.Plan;

/// <summary>A parsed, validated scenario file (version 1). Immutable: the planner only reads it.</summary>
public sealed record Scenario(
    string Name,
    string SourcePath,
    string Sha256,
    IReadOnlyList<ModelSpec> Models,
    IReadOnlyList<TargetSpec> Targets,
    IReadOnlyList<LoadSpec> Loads,
    RunRules Rules)
{
    /// <summary>How results are priced: the price table, and the demand to size fleets for; null when no target is priced.</summary>
    public PricingSpec? Pricing { get; init; }
}

/// <summary>The scenario's <c>pricing</c> block.</summary>
/// <param name="TablePath">The price file (Harness's own, or one the scenario names).</param>
/// <param name="DemandQps">The demand fleets are sized for; null sizes no fleet.</param>
/// <param name="Headroom">Spare capacity a fleet keeps (1.25 = 25%).</param>
public sealed record PricingSpec(string TablePath, double? DemandQps, double Headroom)
{
    /// <summary>The latency users may see (p99 plus the deployment's round trip); an option over it serves no demand. Null: no bound.</summary>
    public double? SloMs { get; init; }
}

/// <summary>What a target costs: a cloud instance, or an edge device and the electricity it runs on; and the network between it and its users.</summary>
public sealed record TargetPrice(string? Instance, string? Device, string? Electricity, string? Deployment);

/// <summary>A model to measure: a file (or a named asset) and how to feed it.</summary>
/// <param name="Inputs">Explicit input specs; empty means "derive from the model's declared inputs".</param>
/// <param name="Dimensions">Bindings for symbolic dimensions (e.g. <c>width: 320</c>); <c>batch</c> comes from the load.</param>
/// <param name="TestDataDirectory">Inputs taken from an ONNX test-data folder instead of being generated.</param>
public sealed record ModelSpec(
    string Name,
    string Path,
    IReadOnlyList<InputSpec> Inputs,
    IReadOnlyDictionary<string, long> Dimensions,
    string? TestDataDirectory)
{
    /// <summary>Loads for this model only, replacing the scenario's (a server search on one model, say).</summary>
    public IReadOnlyList<LoadSpec>? Loads { get; init; }

    /// <summary>How to judge this model's quality; null when the scenario measures speed only.</summary>
    public AccuracySpec? Accuracy { get; init; }

    /// <summary>Variants to make of the model and measure beside it (the model as given is the fp32 reference).</summary>
    public IReadOnlyList<VariantRequest> Variants { get; init; } = [];

    /// <summary>How each variant's outputs are compared with the reference's, and the bounds that reject it.</summary>
    public FidelitySpec Fidelity { get; init; } = FidelitySpec.Default;

    /// <summary>Where the model's file and its inputs are given in the scenario, for errors found when the model is opened.</summary>
    public ModelOrigin? Origin { get; init; }

    /// <summary>For a model the harness trains (<c>train:</c>): how; its file is made before any job runs. Null for a given file.</summary>
    public TrainRequest? Training { get; init; }

    /// <summary>Why the run could not train this model (<c>train:</c>); its jobs fail with this message, unrun. Null when it has its file.</summary>
    public string? TrainingFailure { get; init; }
}

/// <summary>
/// The check every variant gets against the reference without a dataset: both run the same seeded
/// inputs (or the model's test data), and each output's errors, cosine and argmax agreement are
/// recorded. A bound, where given, rejects a variant as <see cref="AccuracySpec.MaxDrop"/> does.
/// </summary>
/// <param name="MinCosine">The lowest allowed mean cosine similarity of any output's rows.</param>
/// <param name="MaxRelError">The largest allowed relative error of any output element, as a fraction.</param>
/// <param name="Samples">Seeded samples compared, one per inference.</param>
public sealed record FidelitySpec(double? MinCosine, double? MaxRelError, int Samples)
{
    public static FidelitySpec Default { get; } = new(null, null, 100);
}

/// <summary>Line and column (1-based) of a model's <c>path:</c> (or <c>asset:</c>) and <c>inputs:</c> in its scenario file.</summary>
public sealed record ModelOrigin(string File, long PathLine, long PathColumn, long InputsLine, long InputsColumn);

public enum VariantKind
{
    Int8Dynamic,
    Int8Static,
    Float16,

    /// <summary>Weight-only int4 (MatMulNBits, block-wise) for MatMul-heavy models.</summary>
    Int4,

    /// <summary>A student trained on TorchSharp from the model's soft labels (the model is the teacher).</summary>
    Distilled,
}

/// <summary>
/// A variant of a model, made by Harness's graph rewriter before it is measured, and cached by
/// the hash of the source model and this request.
/// </summary>
/// <param name="Name">The variant's name in job ids and reports (int8-static, say).</param>
/// <param name="Calibration">Static int8: where calibration samples come from and how ranges are chosen.</param>
/// <param name="ActivationType">Static int8: uint8 (asymmetric) or int8 (symmetric) activations.</param>
public sealed record VariantRequest(
    string Name,
    VariantKind Kind,
    CalibrationRequest? Calibration,
    bool PerChannel,
    QuantType ActivationType,
    IReadOnlyList<string> ExcludeOps,
    IReadOnlyList<string> ExcludeNodes,
    bool KeepIoTypes)
{
    /// <summary>Distilled variants: the student and how it is trained; null for every other kind.</summary>
    public DistillationRequest? Distillation { get; init; }
}

/// <param name="Dataset">A named dataset (ocr-lines, …), or null for seeded samples of the model's input spec.</param>
public sealed record CalibrationRequest(string? Dataset, int Samples, CalibrationMethod Method, int Seed)
{
    /// <summary>What a static int8 variant calibrates with when the scenario says nothing: 16 seeded samples, min/max.</summary>
    public static CalibrationRequest Default { get; } = new(null, 16, CalibrationMethod.MinMax, 42);
}

/// <summary>
/// A model's quality check: a labelled dataset, the metrics to compute on it (the first is the
/// headline, with a bootstrap interval), the slices to break it down by, and the bound a variant's
/// headline may drop below the reference variant's before it is rejected.
/// </summary>
/// <param name="Dataset">A named dataset: ocr-lines, ocr-directions or fashion-mnist.</param>
/// <param name="Text">For text tasks: what counts as the same text when a recognised line is compared with its label.</param>
/// <param name="MaxDrop">The largest allowed drop of the headline metric against the reference, as a fraction (0.01 = 1 point).</param>
public sealed record AccuracySpec(
    string Dataset,
    IReadOnlyList<string> Metrics,
    int Samples,
    int BatchSize,
    IReadOnlyList<string> Slices,
    TextNormalization Text,
    double? MaxDrop,
    int Resamples,
    IReadOnlyList<ShiftRequest> Shifts);

/// <summary>A synthetic drift to evaluate under: a kind (noise, brightness, contrast, translation, occlusion) and its strength.</summary>
public sealed record ShiftRequest(ShiftKind Kind, double Strength);

/// <summary>How to fill one model input.</summary>
/// <param name="Shape">
/// Each dimension is a number or a symbol bound by the load (<c>batch</c>) or the model's dimensions;
/// null takes the model's declared shape (an empty list is a scalar).
/// </param>
public sealed record InputSpec(string Name, IReadOnlyList<DimensionSpec>? Shape, FillSpec Fill)
{
    /// <summary>
    /// The axis requests are batched along (a recurrent state <c>[2, batch, 128]</c> has 1); null
    /// means the axis of the <c>batch</c> symbol in <see cref="Shape"/>, or the model's leading dynamic dimension.
    /// </summary>
    public int? BatchAxis { get; init; }

    /// <summary>True when the scenario chose the fill, rather than taking the default.</summary>
    public bool FillGiven { get; init; } = true;
}

/// <summary>A dimension in an input spec: a fixed size or a named symbol.</summary>
public readonly record struct DimensionSpec(long Size, string? Symbol)
{
    public static DimensionSpec Fixed(long size) => new(size, null);

    public static DimensionSpec Named(string symbol) => new(-1, symbol);

    public override string ToString() => Symbol ?? Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public enum FillKind
{
    Uniform,
    Normal,
    Zeros,

    /// <summary>Every element the one value in <see cref="FillSpec.Values"/> (a sample rate, a flag).</summary>
    Constant,

    /// <summary>Elements drawn (seeded) from the small list in <see cref="FillSpec.Values"/> (token ids, say).</summary>
    Values,
}

/// <summary>
/// Seeded synthetic data: uniform on [Low, High) (for integer inputs, the whole numbers in it),
/// normal with Mean and StdDev, or the given <see cref="Values"/>.
/// </summary>
public sealed record FillSpec(FillKind Kind, double Low, double High, double Mean, double StdDev, int Seed)
{
    /// <summary>The constant (one value) or the list to draw from; empty for the other kinds.</summary>
    public IReadOnlyList<double> Values { get; init; } = [];

    public static FillSpec Default(int seed) => new(FillKind.Uniform, 0, 1, 0, 1, seed);

    public static FillSpec Constant(double value, int seed) => new(FillKind.Constant, 0, 1, 0, 1, seed) { Values = [value] };

    public static FillSpec OfValues(IReadOnlyList<double> values, int seed) => new(FillKind.Values, 0, 1, 0, 1, seed) { Values = values };

    public bool Equals(FillSpec? other) =>
        other is not null && Kind == other.Kind && Low.Equals(other.Low) && High.Equals(other.High) && Mean.Equals(other.Mean) &&
        StdDev.Equals(other.StdDev) && Seed == other.Seed && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Kind, Low, High, Mean, StdDev, Seed, Values.Count);

    /// <summary>The fill in the scenario's words, as results record it: "uniform [0, 1)", "constant 16000", "values [1, 2, 3]".</summary>
    public override string ToString()
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return Kind switch
        {
            FillKind.Uniform => string.Create(c, $"uniform [{Low}, {High}) seed {Seed}"),
            FillKind.Normal => string.Create(c, $"normal mean {Mean} std {StdDev} seed {Seed}"),
            FillKind.Zeros => "zeros",
            FillKind.Constant => string.Create(c, $"constant {Values[0]}"),
            _ => string.Create(c, $"values [{string.Join(", ", Values.Select(v => v.ToString(c)))}] seed {Seed}"),
        };
    }
}

public enum TargetDevice
{
    Cpu,

    /// <summary>Answers every query at once without running a model: measures the harness's own ceiling.</summary>
    NoOp,

    /// <summary>An NVIDIA GPU through ONNX Runtime's CUDA execution provider (the CUDA build of ONNX Runtime).</summary>
    Cuda,

    /// <summary>Another machine's CPU, through the <c>harness agent</c> running there (a Raspberry Pi, a Jetson, a cloud VM).</summary>
    Agent,

    /// <summary>An edge device emulated on this machine's CPU: pinned to the device profile's cores, held to its memory.</summary>
    Edge,
}

/// <summary>Where an <see cref="TargetDevice.Agent"/> target's agent listens and how to trust it.</summary>
/// <param name="Url">The agent's address (http on loopback only; https elsewhere).</param>
/// <param name="TokenFile">A file holding the agent's bearer token; null for an agent without one (loopback only).</param>
/// <param name="CaFile">A PEM certificate the agent's TLS certificate must chain to (a self-signed agent's own); null trusts the system's roots.</param>
public sealed record AgentEndpoint(Uri Url, string? TokenFile, string? CaFile);

/// <summary>
/// The CUDA provider's settings for a <see cref="TargetDevice.Cuda"/> target.
/// </summary>
/// <param name="DeviceId">Which GPU (CUDA's numbering).</param>
/// <param name="ConvAlgorithmSearch">cuDNN's convolution algorithm search: exhaustive, heuristic or default.</param>
/// <param name="MemoryLimitBytes">The provider's memory arena limit; null leaves ONNX Runtime's default (no limit).</param>
public sealed record CudaSettings(int DeviceId, string ConvAlgorithmSearch, long? MemoryLimitBytes)
{
    public static CudaSettings Default { get; } = new(0, "exhaustive", null);

    /// <summary>As ONNX Runtime's CUDA provider options name them.</summary>
    public IReadOnlyDictionary<string, string> ProviderOptions()
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["cudnn_conv_algo_search"] = ConvAlgorithmSearch.ToUpperInvariant(),
        };
        if (MemoryLimitBytes is { } limit)
        {
            options["gpu_mem_limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return options;
    }
}

/// <summary>How far ONNX Runtime rewrites the graph before running it.</summary>
public enum GraphOptimization
{
    Disabled,
    Basic,
    Extended,
    All,
}

/// <summary>Whether ONNX Runtime runs a graph's independent operators one after another or in parallel (inter-op threads).</summary>
public enum ExecutionMode
{
    Sequential,
    Parallel,
}

/// <summary>Where and with which execution settings a model runs.</summary>
public sealed record TargetSpec(
    string Name,
    TargetDevice Device,
    int IntraOpThreads,
    int InterOpThreads,
    GraphOptimization GraphOptimization,
    ExecutionMode ExecutionMode)
{
    /// <summary>The target a scenario without 'targets' runs on: the CPU with ONNX Runtime's defaults.</summary>
    public static TargetSpec DefaultCpu { get; } = new("cpu", TargetDevice.Cpu, 0, 0, GraphOptimization.All, ExecutionMode.Sequential);

    /// <summary>What the target costs, from the scenario's price table; null for an unpriced target.</summary>
    public TargetPrice? Price { get; init; }

    /// <summary>The CUDA provider's settings; set for <see cref="TargetDevice.Cuda"/> targets only.</summary>
    public CudaSettings? Cuda { get; init; }

    /// <summary>The agent that runs this target's jobs; set for <see cref="TargetDevice.Agent"/> targets only.</summary>
    public AgentEndpoint? Agent { get; init; }

    /// <summary>The cores the worker is pinned to; null runs it wherever the machine lets it.</summary>
    public CorePinning? Pinning { get; init; }

    /// <summary>Whether ONNX Runtime's idle pool threads spin before sleeping; null keeps its default (they spin).</summary>
    public bool? SpinWait { get; init; }

    /// <summary>The most memory the worker may hold (its peak RSS); a variant that needs more fails. Null: no limit.</summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>The device profile an <see cref="TargetDevice.Edge"/> target emulates; null for the other targets.</summary>
    public EdgeEmulation? Emulation { get; init; }
}

public enum LoadKind
{
    SingleStream,
    MultiStream,
    Server,
    Offline,
    ConcurrencySweep,

    /// <summary>Not a load: the model's quality on its accuracy dataset, measured outside any timed window.</summary>
    Accuracy,

    /// <summary>Not a load: a variant's outputs against the reference's on seeded inputs, outside any timed window.</summary>
    Fidelity,
}

/// <summary>
/// A load pattern, in MLPerf LoadGen's terms. Offline and single-stream expand into one job per
/// batch size; the other fields apply to the kinds named in their descriptions.
/// </summary>
/// <param name="Percentile">The headline latency percentile (0.9 for single-stream, 0.99 otherwise).</param>
/// <param name="SamplesPerQuery">Multi-stream: samples in each query.</param>
/// <param name="Interval">Multi-stream: time between query issues.</param>
/// <param name="TargetQps">Server: the Poisson arrival rate; null with <paramref name="SearchPeakQps"/>.</param>
/// <param name="SearchPeakQps">Server: find the largest QPS whose percentile latency meets <paramref name="Slo"/>.</param>
/// <param name="Slo">Server: the latency bound the headline percentile must meet.</param>
/// <param name="Batcher">Server and multi-stream: coalesce requests into batches before running them.</param>
/// <param name="Clients">Concurrency sweep: closed-loop client counts to try, in order.</param>
/// <param name="MinGain">Concurrency sweep: stop after two steps in a row that gain less throughput than this.</param>
/// <param name="Samples">Fidelity: seeded samples compared with the reference.</param>
public sealed record LoadSpec(
    LoadKind Kind,
    IReadOnlyList<int> BatchSizes,
    double Percentile,
    int SamplesPerQuery = 1,
    TimeSpan? Interval = null,
    double? TargetQps = null,
    bool SearchPeakQps = false,
    TimeSpan? Slo = null,
    BatcherSpec? Batcher = null,
    IReadOnlyList<int>? Clients = null,
    double MinGain = 0.05,
    int Samples = 0)
{
    public static LoadSpec SingleStream(int batchSize = 1) => new(LoadKind.SingleStream, [batchSize], 0.90);
}

/// <summary>
/// A dynamic batcher in front of the session: requests wait at most <paramref name="MaxQueueDelay"/>
/// to be coalesced, up to <paramref name="MaxBatch"/>; when the delay runs out, the largest
/// preferred size that has arrived is run (or everything that has, without preferred sizes).
/// </summary>
public sealed record BatcherSpec(int MaxBatch, TimeSpan MaxQueueDelay, IReadOnlyList<int> PreferredSizes);

/// <summary>When a measurement is long enough to be trusted, and when to give up on it.</summary>
/// <param name="WarmupQueries">Queries run and discarded before measuring.</param>
/// <param name="MinDuration">Measuring goes on until both this and <paramref name="MinQueries"/> are met.</param>
/// <param name="MaxQueries">The latency buffer's size; reaching it ends the measurement.</param>
/// <param name="JobTimeout">A worker still busy after this is killed and its job marked failed.</param>
/// <param name="Seed">Seeds every random choice of the run (arrival schedules); recorded in results.</param>
/// <param name="StabilityTolerance">Closed loops: the last three windows' throughput and median latency must agree within this fraction (open loops are judged by OpenLoopStability).</param>
/// <param name="MaxLateFraction">More queries than this fraction issued over 1 ms late makes a run invalid: the harness, not the model, was measured.</param>
/// <param name="MaxSearchProbes">Peak-QPS search: the most Server runs one search may make.</param>
/// <param name="UntilSteady">Single-stream and offline: once the minimums are met, measuring goes on (up to <paramref name="MaxDuration"/>) until the last three windows agree, as perf_analyzer measures until stable, rather than stopping with a run that would be judged unsteady.</param>
public sealed record RunRules(
    int WarmupQueries,
    TimeSpan MinDuration,
    int MinQueries,
    TimeSpan MaxDuration,
    int MaxQueries,
    TimeSpan JobTimeout,
    int Seed,
    double StabilityTolerance = 0.10,
    double MaxLateFraction = 0.01,
    int MaxSearchProbes = 12,
    bool UntilSteady = false)
{
    public static RunRules Defaults { get; } = new(
        WarmupQueries: 10,
        MinDuration: TimeSpan.FromSeconds(10),
        MinQueries: 100,
        MaxDuration: TimeSpan.FromSeconds(60),
        MaxQueries: 1_000_000,
        JobTimeout: TimeSpan.FromSeconds(300),
        Seed: 1);
}
