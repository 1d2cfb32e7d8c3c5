using Harness.Measure.Loads;
using Harness.Measure.Statistics;
using Harness.Measure.Sut;
using Harness.Plan;
using Harness.Results;

namespace Harness.Measure.LoadGenerators;

/// <summary>What every load generator does the same way: warm up, write the samples, fill in the result.</summary>
public static class LoadResults
{
    /// <summary>Single requests, untimed, so caches, allocators and lazy initialisation settle first.</summary>
    public static void WarmUp(ISystemUnderTest system, int queries)
    {
        var query = new SystemQuery(system, 1);
        MeasurementLoop.WarmUp(ref query, queries);
    }

    /// <summary>The result of a timed run; generators add what only their load has.</summary>
    public static MeasurementResult Measured(LoadContext context, LoadRun run, RunAnalysis analysis, ColdStartInfo coldStart, IReadOnlyList<ProbeResult>? probes = null)
    {
        SamplesFile.Write(context.SamplesPath, run.Log);
        var (job, load) = (context.Job, context.Load);
        var batcher = load.Batcher is { } b
            ? new BatcherInfo(b.MaxBatch, b.MaxQueueDelay.TotalMilliseconds, b.PreferredSizes, analysis.MeanBatchSize)
            : null;
        var loadInfo = new LoadInfo(job.LoadName, job.BatchSize, run.Concurrency)
        {
            AchievedQps = analysis.AchievedQps,
            IntervalMs = load.Interval?.TotalMilliseconds,
            Percentile = load.Percentile,
            Batcher = batcher,
        };
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
            coldStart,
            new MemoryInfo(ProcessMemory.PeakResidentBytes()),
            analysis.Validity,
            context.SamplesPath)
        {
            Slo = analysis.Slo,
            Probes = probes,
        };
    }

    /// <summary>
    /// How an open-loop generator shared the machine with the system: it paces arrivals on the
    /// measuring thread and waits only while the model is idle (no core of its own).
    /// </summary>
    /// <remarks>The cores are read now: .NET counts them once at start-up, before a pinned worker is pinned.</remarks>
    public static GeneratorInfo InlineGenerator(MeasurementJob job) =>
        new(GeneratorInfo.Inline, Placement.CpuAffinity.Supported ? Placement.CpuAffinity.Current().Count : Environment.ProcessorCount, job.Target.Device == TargetDevice.NoOp ? 0 : job.Target.IntraOpThreads);

    public static ProbeResult Probe(int index, double? qps, int clients, RunAnalysis analysis) =>
        new(index, qps, clients, analysis.Latency, analysis.Throughput, analysis.Validity, analysis.Slo?.Met);
}
