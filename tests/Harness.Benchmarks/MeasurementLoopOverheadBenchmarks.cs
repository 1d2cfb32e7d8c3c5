using BenchmarkDotNet.Attributes;
using Harness.Assets;
using Harness.Measure;
using Harness.Measure.Clock;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Plan;

namespace Harness.Benchmarks;

/// <summary>
/// What Harness costs on top of ONNX Runtime itself. Both benchmarks run the same session on the
/// same inputs <see cref="Requests"/> times per invoke: once as ONNX Runtime's .NET API would be
/// used without Harness (the baseline: <c>RunWithBinding</c> over an <c>OrtIoBinding</c> bound once),
/// once through <see cref="MeasurementLoop.Run{TQuery, TClock}(ref TQuery, TClock, RunRules, long[])"/> over Harness's <see cref="PreparedRun"/>
/// with a struct query like the worker's. Mean per op is then per request, the Ratio column is
/// harness time over bare time (its inverse is the throughput ratio), and Allocated is per request.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SharedBoxConfig))]
public class MeasurementLoopOverheadBenchmarks
{
    /// <summary>
    /// Requests per invoke. OperationsPerInvoke must be one constant for every [Params] value, so it
    /// is sized for the classifier (about 0.5 ms a request on the 2-core box: ~33 ms an invoke); the
    /// tiny model's invoke is then ~90 µs, and BenchmarkDotNet calls it more often per iteration
    /// instead. Any allocation made per request would still show: at least 24 B a request.
    /// </summary>
    private const int Requests = 64;

    private OrtEnvironment? _environment;
    private SessionOptions? _options;
    private InferenceSession? _session;
    private OrtValue[] _inputs = [];
    private PreparedRun? _run;
    private Microsoft.ML.OnnxRuntime.OrtIoBinding? _bareBinding;
    private SessionQuery _query;
    private long[] _latencies = [];
    private RunRules _rules = RunRules.Defaults;

    [Params("tiny", "classifier")]
    public string Model { get; set; } = "tiny";

    [GlobalSetup]
    public void Setup()
    {
        var library = OrtLibrary.Shared;
        _environment = library.CreateEnvironment();

        // The worker's own path from target settings to session options: batch 1, one intra-op and
        // one inter-op thread, sequential execution, full graph optimisation.
        _options = SessionFactory.CreateOptions(library, TargetSpec.DefaultCpu with { IntraOpThreads = 1, InterOpThreads = 1 });
        (_session, _inputs) = Model switch
        {
            "tiny" => OpenTiny(_environment, _options),
            "classifier" => OpenClassifier(_environment, _options),
            _ => throw new ArgumentException($"unknown model '{Model}'"),
        };

        var inputNames = _session.Inputs.Select(i => i.Name).ToList();
        var outputNames = _session.Outputs.Select(o => o.Name).ToList();
        _run = _session.Prepare(inputNames, _inputs, outputNames);
        _query = new SessionQuery(_run);

        // The same bindings made with the .NET API alone: inputs by name, outputs to CPU memory.
        _bareBinding = _session.Leased.CreateIoBinding();
        for (var i = 0; i < inputNames.Count; i++)
        {
            _bareBinding.BindInput(inputNames[i], _inputs[i].Leased);
        }

        foreach (var name in outputNames)
        {
            _bareBinding.BindOutputToDevice(name, Microsoft.ML.OnnxRuntime.OrtMemoryInfo.DefaultInstance);
        }

        // Exactly Requests queries per run: the minimums are met at the last slot of the buffer,
        // and the maximum duration is far beyond any invoke.
        _latencies = new long[Requests];
        _rules = RunRules.Defaults with
        {
            WarmupQueries = 0,
            MinQueries = Requests,
            MaxQueries = Requests,
            MinDuration = TimeSpan.Zero,
            MaxDuration = TimeSpan.FromHours(1),
        };

        // A misconfigured run would compare different amounts of work; refuse to measure it.
        var outcome = MeasurementLoop.Run(ref _query, default(StopwatchClock), _rules, _latencies);
        if (outcome.Count != Requests || outcome.Stop != LoopStop.MinimumsMet)
        {
            throw new InvalidOperationException($"the loop ran {outcome.Count} queries and stopped on {outcome.Stop}; expected {Requests} and {LoopStop.MinimumsMet}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bareBinding?.Dispose();
        _run?.Dispose();
        foreach (var input in _inputs)
        {
            input.Dispose();
        }

        _session?.Dispose();
        _options?.Dispose();
        _environment?.Dispose();
    }

    /// <summary>ONNX Runtime's .NET API alone: no Harness type, no clock, no buffer, no stop checks.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Requests)]
    public void BareRunLoop()
    {
        var session = _session!.Leased;
        var options = _session.RunOptions;
        var binding = _bareBinding!;
        for (var i = 0; i < Requests; i++)
        {
            session.RunWithBinding(options, binding);
        }
    }

    /// <summary>The harness's timed loop over the same session through <see cref="PreparedRun"/>: two timestamps, a store and three checks per request.</summary>
    [Benchmark(OperationsPerInvoke = Requests)]
    public LoopOutcome HarnessLoop() => MeasurementLoop.Run(ref _query, default(StopwatchClock), _rules, _latencies);

    /// <summary>Add of two float [1, 16]: the smallest model that still runs a kernel, so ORT's fixed per-Run cost dominates.</summary>
    private static (InferenceSession Session, OrtValue[] Inputs) OpenTiny(OrtEnvironment environment, SessionOptions options)
    {
        var model = new GraphBuilder("tiny_add")
            .Input("a", TensorElementType.Float, 1, 16)
            .Input("b", TensorElementType.Float, 1, 16)
            .Node("Add", ["a", "b"], ["c"])
            .Output("c", TensorElementType.Float, 1, 16)
            .Build();
        var session = InferenceSession.FromBytes(environment, model.ToBytes(), options);
        return (session, [Tensor([1, 16], seed: 1), Tensor([1, 16], seed: 2)]);
    }

    /// <summary>The PaddleOCR direction classifier at batch 1 on its usual 48×192 text-line crop.</summary>
    private static (InferenceSession Session, OrtValue[] Inputs) OpenClassifier(OrtEnvironment environment, SessionOptions options)
    {
        var path = AssetCatalog.TryResolveModel("ppocr-v2-cls")!;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the classifier is not installed at {path}; run ./run.sh once (it fetches it) or set HARNESS_MODELS", path);
        }

        var session = InferenceSession.FromFile(environment, path, options);
        return (session, [Tensor([1, 3, 48, 192], seed: 1)]);
    }

    private static OrtValue Tensor(long[] shape, int seed)
    {
        var count = 1;
        foreach (var dim in shape)
        {
            count *= (int)dim;
        }

        var random = new Random(seed);
        var data = new float[count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = random.NextSingle();
        }

        return OrtValue.CreateTensor(data, shape);
    }

    /// <summary>The same query shape as the worker's: a struct, so the loop is specialised and calls it directly.</summary>
    private readonly struct SessionQuery(PreparedRun run) : IQuery
    {
        public void Issue() => run.Invoke();
    }
}
