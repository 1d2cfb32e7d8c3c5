using Harness.Measure;
using Harness.Measure.LoadGenerators;
using Harness.Measure.Targets;
using Harness.Plan;
using Harness.Results;

namespace Harness.Tests.Measure;

/// <summary>Each load kind through its generator on the no-op target, in this process, as a worker runs it.</summary>
[Collection(Execute.WorkerProcessCollection.Name)]
public sealed class JobMeasurerTests : IDisposable
{
    private static readonly RunRules Rules = RunRules.Defaults with
    {
        WarmupQueries = 2,
        MinDuration = TimeSpan.FromMilliseconds(100),
        MinQueries = 64,
        MaxDuration = TimeSpan.FromSeconds(5),
        MaxQueries = 50_000,
    };

    private readonly string folder = Directory.CreateTempSubdirectory("harness-measurer-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Should_Have_A_Target_For_Every_Device_And_A_Generator_For_Every_Load()
    {
        Assert.All(Enum.GetValues<TargetDevice>(), device => Assert.NotNull(TargetTable.For(device)));
        Assert.All(Enum.GetValues<LoadKind>(), kind => Assert.NotNull(LoadGeneratorTable.For(kind)));
    }

    [Fact]
    public void Should_Measure_Single_Stream_With_Its_Percentile_And_Offline_Without()
    {
        var (single, singlePhases) = Measure(LoadSpec.SingleStream(2), batchSize: 2);
        Assert.Equal(["loading", "warm-up", "measuring", "summarising"], singlePhases);
        Assert.Equal("single-stream", single.Load.Scenario);
        Assert.Equal(2, single.Load.BatchSize);
        Assert.Equal(64, single.Validity.QueriesNeeded);
        Assert.Null(single.Load.TargetQps);
        Assert.Null(single.LatencyBreakdownMs);
        Assert.Equal(new ColdStartInfo(0, 0), single.ColdStartMs);
        Assert.Null(single.VariantInfo);

        var (offline, _) = Measure(new LoadSpec(LoadKind.Offline, [4], 0.9), batchSize: 4);
        Assert.Null(offline.Validity.QueriesNeeded);
        Assert.Equal(4 * offline.Throughput!.QueriesPerSec, offline.Throughput.SamplesPerSec, 6);
    }

    [Fact]
    public void Should_Record_A_Server_Runs_Rate_Seed_And_Queueing()
    {
        var (result, phases) = Measure(new LoadSpec(LoadKind.Server, [1], 0.9, TargetQps: 1000, Slo: TimeSpan.FromMilliseconds(50)));
        Assert.Equal(["loading", "measuring"], phases);
        Assert.Equal(1000, result.Load.TargetQps);
        Assert.Equal(Rules.Seed, result.Load.Seed);
        Assert.NotNull(result.LatencyBreakdownMs);
        Assert.NotNull(result.Slo);
        Assert.Null(result.Load.SamplesPerQuery);
    }

    [Fact]
    public void Should_Record_A_Multi_Stream_Runs_Samples_Per_Query_And_Batcher()
    {
        var batcher = new BatcherSpec(4, TimeSpan.FromMilliseconds(1), []);
        var (result, _) = Measure(new LoadSpec(LoadKind.MultiStream, [1], 0.99, SamplesPerQuery: 4, Interval: TimeSpan.FromMilliseconds(1), Batcher: batcher));
        Assert.Equal(4, result.Load.SamplesPerQuery);
        Assert.Equal(1, result.Load.IntervalMs);
        Assert.Equal(4, result.Load.Batcher!.MeanBatchSize);
        Assert.Null(result.Load.TargetQps);
        Assert.Null(result.Load.Seed);
        Assert.NotNull(result.LatencyBreakdownMs);
    }

    [Fact]
    public void Should_Keep_Every_Step_Of_A_Sweep_And_Report_The_Fastest()
    {
        var (result, phases) = Measure(new LoadSpec(LoadKind.ConcurrencySweep, [1], 0.99, Clients: [1, 2]));
        Assert.Equal(["loading", "measuring 1 clients", "measuring 2 clients"], phases);
        Assert.Equal([1, 2], result.Probes!.Select(p => p.Concurrency));
        Assert.Equal(result.Probes!.Max(p => p.Throughput.QueriesPerSec), result.Throughput!.QueriesPerSec);
        Assert.Null(result.LatencyBreakdownMs);
    }

    [Fact]
    public void Should_Write_One_Sample_Line_Per_Query()
    {
        var (result, _) = Measure(LoadSpec.SingleStream());
        var lines = File.ReadAllLines(result.SamplesFile!);
        Assert.Equal("latency_ms,queue_ms", lines[0]);
        Assert.Equal(result.LatencyMs!.Count, lines.Length - 1);
    }

    private (MeasurementResult Result, List<string> Phases) Measure(LoadSpec load, int batchSize = 1)
    {
        var model = new ModelSpec("none", "none.onnx", [], new Dictionary<string, long>(), null);
        var target = new TargetSpec("noop", TargetDevice.NoOp, 1, 1, GraphOptimization.All, ExecutionMode.Sequential);
        var job = new MeasurementJob($"none/fp32/noop/{LoadNames.IdOf(load, batchSize)}", model, "fp32", target, load, batchSize, Rules);
        var phases = new List<string>();
        var result = JobMeasurer.Measure(job, Path.Combine(folder, phases.GetHashCode() + ".csv"), phases.Add);
        return (result, phases);
    }
}
