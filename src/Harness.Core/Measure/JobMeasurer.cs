using System.Diagnostics;
using System.Globalization;
using System.Text;
using Harness.Evaluate;
using Harness.Measure.Loads;
using Harness.Measure.Statistics;
using Harness.Measure.Sut;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Plan;
using Harness.Prepare;
using Harness.Results;

namespace Harness.Measure;

/// <summary>
/// Measures one job inside a worker process: cold start (session creation, first inference),
/// warm-up, then the job's load, then statistics and validity after the clock stops.
/// </summary>
public static class JobMeasurer
{
    public static MeasurementResult Measure(MeasurementJob job, string samplesPath, Action<string> reportPhase)
    {
        reportPhase("loading");
        if (job.Target.Device == TargetDevice.NoOp)
        {
            using var noop = new NoOpSystem(MaxBatchOf(job));
            return Run(job, samplesPath, reportPhase, noop, new ColdStartInfo(0, 0));
        }

        var library = OrtLibrary.Shared;
        using var environment = library.CreateEnvironment();
        var prepared = VariantPreparer.Prepare(job, environment, reportPhase);
        var result = MeasureModel(job with { Model = job.Model with { Path = prepared.Path } }, samplesPath, reportPhase, environment, job.Model.Path);
        return result with { VariantInfo = prepared.Info };
    }

    private static MeasurementResult MeasureModel(MeasurementJob job, string samplesPath, Action<string> reportPhase, OrtEnvironment environment, string referencePath)
    {
        var library = environment.Library;
        using var options = SessionFactory.CreateOptions(library, job.Target);
        var createStart = Stopwatch.GetTimestamp();
        using var session = InferenceSession.FromFile(environment, job.Model.Path, options);
        var sessionCreate = Stopwatch.GetElapsedTime(createStart);
        if (job.Load.Kind == LoadKind.Accuracy)
        {
            reportPhase("evaluating");
            var accuracy = AccuracyEvaluation.Evaluate(session, job.Model.Accuracy!, job.Rules.Seed);
            IReadOnlyList<FidelityInfo>? fidelity = null;
            if (job.Transform is not null)
            {
                reportPhase("comparing with " + JobPlanner.ReferenceVariant);
                using var reference = InferenceSession.FromFile(environment, referencePath, options);
                var spec = job.Model.Accuracy!;
                fidelity = FidelityEvaluation.Compare(reference, session, JobPlanner.ReferenceVariant, DatasetCatalog.Open(spec.Dataset).Dataset, spec.BatchSize, Math.Min(spec.Samples, 100));
            }

            return Evaluated(job, accuracy, sessionCreate) with { Fidelity = fidelity };
        }

        // Single-stream and offline run over pre-bound inputs, the leanest path there is; the
        // other loads need requests coalesced and split, which the session system does.
        if (job.Load.Kind is LoadKind.SingleStream or LoadKind.Offline)
        {
            var (names, tensors) = job.Model.TestDataDirectory is { } folder
                ? TestDataInputs(folder, job)
                : Generated(session, job);
            try
            {
                using var prepared = session.Prepare(names, tensors, session.Outputs.Select(o => o.Name).ToList());
                var firstStart = Stopwatch.GetTimestamp();
                prepared.Invoke();
                var cold = new ColdStartInfo(sessionCreate.TotalMilliseconds, Stopwatch.GetElapsedTime(firstStart).TotalMilliseconds);
                var query = new PreparedQuery(prepared);
                return MeasureClosedLoop(job, samplesPath, reportPhase, ref query, cold);
            }
            finally
            {
                tensors.ForEach(t => t.Dispose());
            }
        }

        if (job.Model.TestDataDirectory is not null)
        {
            throw new InputSpecException($"model '{job.Model.Name}': inputs from test_data have fixed shapes and serve single-stream and offline loads only; give generated inputs for {job.LoadName}");
        }

        var firstInference = Stopwatch.GetTimestamp();
        using var system = new OrtSessionSystem(session, job.Model, MaxBatchOf(job));
        // Building the system ran each batch size once; the first of those runs is the cold one.
        var coldStart = new ColdStartInfo(sessionCreate.TotalMilliseconds, Stopwatch.GetElapsedTime(firstInference).TotalMilliseconds / MaxBatchOf(job));
        return Run(job, samplesPath, reportPhase, system, coldStart);
    }

    private static MeasurementResult Evaluated(MeasurementJob job, AccuracyInfo accuracy, TimeSpan sessionCreate) => new(
        job.Id,
        job.Model.Name,
        job.Variant,
        job.Target.Name,
        new LoadInfo(job.LoadName, job.BatchSize, 1),
        MeasurementStatus.Ok,
        null,
        null,
        null,
        new ColdStartInfo(sessionCreate.TotalMilliseconds, 0),
        new MemoryInfo(ProcessMemory.PeakResidentBytes()),
        new ValidityInfo(true, []),
        null)
    {
        Accuracy = accuracy,
    };

    private static (List<string> Names, List<OrtValue> Tensors) Generated(InferenceSession session, MeasurementJob job)
    {
        var inputs = InputResolver.Resolve(session.Inputs, job.Model, job.BatchSize);
        return (inputs.Select(i => i.Name).ToList(), inputs.Select(TensorFactory.Create).ToList());
    }

    /// <summary>The first set of an ONNX test-data folder, as recorded: real inputs instead of generated ones.</summary>
    private static (List<string> Names, List<OrtValue> Tensors) TestDataInputs(string folder, MeasurementJob job)
    {
        var set = TestDataDirectory.Load(folder).Sets[0];
        var batch = set.Inputs[0].Dims.Length > 0 ? set.Inputs[0].Dims[0] : 1;
        if (job.BatchSize != 1 && job.BatchSize != batch)
        {
            throw new InputSpecException($"model '{job.Model.Name}': the test data in {folder} has batch {batch}; batch size {job.BatchSize} cannot be made from it");
        }

        return (set.Inputs.Select(i => i.Name).ToList(), set.Inputs.Select(i => i.ToOrtValue()).ToList());
    }

    private static int MaxBatchOf(MeasurementJob job) => job.Load.Kind switch
    {
        LoadKind.Server or LoadKind.MultiStream => job.Load.Batcher?.MaxBatch ?? 1,
        _ => job.BatchSize,
    };

    private static MeasurementResult Run(MeasurementJob job, string samplesPath, Action<string> reportPhase, ISystemUnderTest system, ColdStartInfo cold)
    {
        switch (job.Load.Kind)
        {
            case LoadKind.SingleStream or LoadKind.Offline:
                var query = new SystemQuery(system, job.BatchSize);
                return MeasureClosedLoop(job, samplesPath, reportPhase, ref query, cold);
            case LoadKind.MultiStream:
            {
                WarmUp(system, job.Rules.WarmupQueries);
                reportPhase("measuring");
                var run = MultiStreamLoad.Run(system, job.Load.SamplesPerQuery, job.Load.Interval!.Value, job.Load.Batcher, job.Rules);
                return Result(job, samplesPath, run, RunAnalyzer.Analyze(run, job.Load.Percentile, null, job.Rules), cold, null);
            }

            case LoadKind.Server when !job.Load.SearchPeakQps:
            {
                WarmUp(system, job.Rules.WarmupQueries);
                reportPhase("measuring");
                var run = ServerLoad.Run(system, job.Load.TargetQps!.Value, job.Load.Batcher, ServerLoad.RulesFor(job.Load, job.Rules), job.Rules.Seed);
                return Result(job, samplesPath, run, RunAnalyzer.Analyze(run, job.Load.Percentile, job.Load.Slo, job.Rules), cold, null);
            }

            case LoadKind.Server:
                return Search(job, samplesPath, reportPhase, system, cold);
            case LoadKind.ConcurrencySweep:
            {
                WarmUp(system, job.Rules.WarmupQueries);
                var steps = ConcurrencySweep.Run(system, job.Load, job.Rules, phase => reportPhase("measuring " + phase));
                var best = steps.MaxBy(s => s.Analysis.Throughput.QueriesPerSec)!;
                var probes = steps.Select((s, i) => Probe(i, null, s.Clients, s.Analysis)).ToList();
                return Result(job, samplesPath, best.Run, best.Analysis, cold, probes);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(job), job.Load.Kind, "unknown load");
        }
    }

    private static MeasurementResult Search(MeasurementJob job, string samplesPath, Action<string> reportPhase, ISystemUnderTest system, ColdStartInfo cold)
    {
        // Start at half the capacity one request at a time suggests; bracketing finds the rest.
        var warmup = Math.Max(job.Rules.WarmupQueries, 5);
        var start = Stopwatch.GetTimestamp();
        WarmUp(system, warmup);
        var serviceSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds / warmup;
        var startQps = Math.Max(1, 0.5 / Math.Max(serviceSeconds, 1e-6));
        var search = PeakQpsSearch.Run(system, job.Load, job.Rules, startQps, phase => reportPhase("measuring " + phase));
        var probeResults = search.Probes.Select((p, i) => Probe(i, p.Qps, 1, p.Analysis) with
        {
            MeetsSlo = p.MeetsSlo,
            Outcome = p.Outcome.ToString().ToLowerInvariant(),
            Note = p.Note,
            Attempt = p.Attempt,
            Seed = p.Seed,
        }).ToList();
        var bracket = new SearchInfo(search.HighestPassing, search.LowestFailing, PeakSearchPlan.Resolution, search.Resolved);
        if (search.Peak is not { } peak)
        {
            var lowest = search.Probes.MinBy(p => p.Qps)!;
            var result = Result(job, samplesPath, lowest.Run, lowest.Analysis, cold, probeResults) with { Search = bracket };
            var reason = $"no rate met the {Quantities.FormatDuration(job.Load.Slo!.Value)} SLO at p{job.Load.Percentile * 100:0.##} in a valid run; the lowest tried was {lowest.Qps:0.#} qps";
            return result with { Status = MeasurementStatus.Invalid, Validity = result.Validity with { Valid = false, Reasons = [reason, .. result.Validity.Reasons] } };
        }

        var found = Result(job, samplesPath, peak.Run, peak.Analysis, cold, probeResults);
        return found with { Search = bracket, Load = found.Load with { Seed = peak.Seed } };
    }

    private static MeasurementResult MeasureClosedLoop<TQuery>(MeasurementJob job, string samplesPath, Action<string> reportPhase, ref TQuery query, ColdStartInfo cold)
        where TQuery : struct, IQuery
    {
        reportPhase("warm-up");
        MeasurementLoop.WarmUp(ref query, job.Rules.WarmupQueries);
        reportPhase("measuring");
        var start = Stopwatch.GetTimestamp();
        var outcome = MeasurementLoop.Run(ref query, job.Rules);
        reportPhase("summarising");
        var run = new LoadRun(RequestLog.FromClosedLoop(outcome.Samples, start), job.BatchSize, 1, null, 0, outcome.Count, outcome.Stop != LoopStop.MinimumsMet, outcome.ElapsedTicks);
        var percentile = job.Load.Kind == LoadKind.Offline ? (double?)null : job.Load.Percentile;
        return Result(job, samplesPath, run, RunAnalyzer.Analyze(run, percentile, null, job.Rules), cold, null);
    }

    private static void WarmUp(ISystemUnderTest system, int queries)
    {
        var query = new SystemQuery(system, 1);
        MeasurementLoop.WarmUp(ref query, queries);
    }

    private static ProbeResult Probe(int index, double? qps, int clients, RunAnalysis analysis) =>
        new(index, qps, clients, analysis.Latency, analysis.Throughput, analysis.Validity, analysis.Slo?.Met);

    private static MeasurementResult Result(MeasurementJob job, string samplesPath, LoadRun run, RunAnalysis analysis, ColdStartInfo cold, IReadOnlyList<ProbeResult>? probes)
    {
        WriteSamples(samplesPath, run.Log);
        var load = job.Load;
        var batcher = load.Batcher is { } b
            ? new BatcherInfo(b.MaxBatch, b.MaxQueueDelay.TotalMilliseconds, b.PreferredSizes, analysis.MeanBatchSize)
            : null;
        var loadInfo = new LoadInfo(job.LoadName, job.BatchSize, run.Concurrency)
        {
            TargetQps = run.TargetQps is { } q && load.Kind == LoadKind.Server ? q : null,
            AchievedQps = analysis.AchievedQps,
            SamplesPerQuery = load.Kind == LoadKind.MultiStream ? load.SamplesPerQuery : null,
            IntervalMs = load.Interval?.TotalMilliseconds,
            Percentile = load.Percentile,
            Seed = load.Kind == LoadKind.Server ? job.Rules.Seed : null,
            Batcher = batcher,
            Generator = load.Kind is LoadKind.Server or LoadKind.MultiStream
                ? new GeneratorInfo(GeneratorInfo.Inline, Environment.ProcessorCount, job.Target.Device == TargetDevice.NoOp ? 0 : job.Target.IntraOpThreads)
                : null,
        };
        var hasQueue = load.Kind is LoadKind.Server or LoadKind.MultiStream;
        return new MeasurementResult(
            job.Id,
            job.Model.Name,
            job.Variant,
            job.Target.Name,
            loadInfo,
            analysis.Validity.Valid ? MeasurementStatus.Ok : MeasurementStatus.Invalid,
            null,
            analysis.Latency,
            analysis.Throughput,
            cold,
            new MemoryInfo(ProcessMemory.PeakResidentBytes()),
            analysis.Validity,
            samplesPath)
        {
            LatencyBreakdownMs = hasQueue ? analysis.Breakdown : null,
            Slo = analysis.Slo,
            Probes = probes,
        };
    }

    /// <summary>Raw per-query latencies (from scheduled arrival), one per line in milliseconds, so any tool can re-analyse them.</summary>
    private static void WriteSamples(string path, RequestLog log)
    {
        var toMs = 1000.0 / Stopwatch.Frequency;
        var text = new StringBuilder(log.Count * 24);
        text.Append("latency_ms,queue_ms\n");
        for (var i = 0; i < log.Count; i++)
        {
            text.Append(((log.Completed[i] - log.Scheduled[i]) * toMs).ToString("0.######", CultureInfo.InvariantCulture)).Append(',')
                .Append(((log.Started[i] - log.Scheduled[i]) * toMs).ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text.ToString());
    }

    private readonly struct PreparedQuery(PreparedRun run) : IQuery
    {
        public void Issue() => run.Invoke();
    }
}
