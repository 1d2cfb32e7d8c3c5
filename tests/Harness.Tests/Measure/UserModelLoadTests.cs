using System.Runtime.InteropServices;
using Harness.Measure;
using Harness.Measure.Sut;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Plan;
using Harness.Results;

namespace Harness.Tests.Measure;

/// <summary>Users' own model shapes through the real CPU target and ONNX Runtime, under every kind of load.</summary>
[Collection(Execute.WorkerProcessCollection.Name)]
public sealed class UserModelLoadTests : IDisposable
{
    private static readonly RunRules Rules = RunRules.Defaults with
    {
        WarmupQueries = 2,
        MinDuration = TimeSpan.FromMilliseconds(100),
        MinQueries = 32,
        MaxDuration = TimeSpan.FromSeconds(3),
        MaxQueries = 20_000,
    };

    private static readonly InputSpec SampleRate = new("sr", null, FillSpec.Constant(16000, 3));

    private static readonly BatcherSpec Batcher = new(4, TimeSpan.FromMilliseconds(2), []);

    private readonly string folder = Directory.CreateTempSubdirectory("harness-user-models-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Should_Coalesce_Requests_Along_A_States_Second_Axis_And_Split_Each_Answer_Back()
    {
        var path = Save(UserModels.Recurrent());
        var library = OrtLibrary.Shared;
        using var environment = library.CreateEnvironment();
        using var options = new SessionOptions(library) { IntraOpThreads = 1 };
        using var session = InferenceSession.FromFile(environment, path, options);
        using var system = new OrtSessionSystem(session, Spec("rnn", path, SampleRate), maxBatch: 4);

        system.Infer(first: 4, count: 4);
        var batched = Enumerable.Range(4, 4).Select(r => (Y: Floats(system.Response(0, r)), State: Floats(system.Response(1, r)))).ToList();
        for (var request = 4; request < 8; request++)
        {
            system.Infer(request, 1);
            Assert.Equal(Floats(system.Response(0, request)), batched[request - 4].Y, (a, b) => Math.Abs(a - b) < 1e-4);
            Assert.Equal(Floats(system.Response(1, request)), batched[request - 4].State, (a, b) => Math.Abs(a - b) < 1e-4);
            Assert.Equal(16, batched[request - 4].State.Length);
        }

        // The sample rate reached the model as 16000 (scale 1), not 0, which would zero every answer.
        Assert.Contains(batched[0].Y, v => Math.Abs(v) > 0.01f);
        Assert.NotEqual(batched[0].State, batched[1].State);
    }

    [Fact]
    public void Should_Run_A_Recurrent_Model_Under_Batching_Loads()
    {
        var model = Spec("rnn", Save(UserModels.Recurrent()), SampleRate);
        foreach (var (load, batch) in new[]
        {
            (new LoadSpec(LoadKind.Offline, [4], 0.9), 4),
            (new LoadSpec(LoadKind.Server, [1], 0.9, TargetQps: 200, Slo: TimeSpan.FromMilliseconds(100), Batcher: Batcher), 1),
            (new LoadSpec(LoadKind.MultiStream, [1], 0.99, SamplesPerQuery: 4, Interval: TimeSpan.FromMilliseconds(5), Batcher: Batcher), 1),
        })
        {
            var result = Measure(model, load, batch);
            Assert.True(result.Status is MeasurementStatus.Ok or MeasurementStatus.Invalid, $"{result.Id}: {result.Status} {result.Error}");
        }
    }

    [Fact]
    public void Should_Record_Each_Inputs_Resolved_Shape_And_Fill_And_The_Models_Sha256()
    {
        var path = Save(UserModels.Recurrent());
        var result = Measure(Spec("rnn", path, SampleRate), new LoadSpec(LoadKind.Offline, [4], 0.9), 4);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), result.ModelSha256);
        Assert.Equal(
            [
                new InputInfo("x", "float32", [4, 4], 0, "uniform [0, 1) seed 1"),
                new InputInfo("state", "float32", [2, 4, 8], 1, "uniform [0, 1) seed 2"),
                new InputInfo("sr", "int64", [], null, "constant 16000"),
            ],
            result.Inputs!.Select(i => i with { Shape = [.. i.Shape] }),
            (a, b) => a.Name == b.Name && a.Dtype == b.Dtype && a.Shape.SequenceEqual(b.Shape) && a.BatchAxis == b.BatchAxis && a.Fill == b.Fill);
    }

    [Fact]
    public void Should_Run_A_Fixed_Batch_Model_One_Sample_Per_Inference_And_Skip_Batching_Loads_With_The_Reason()
    {
        var model = Spec("cls", Save(UserModels.FixedBatchClassifier()));
        foreach (var load in new[]
        {
            new LoadSpec(LoadKind.Server, [1], 0.9, TargetQps: 200, Slo: TimeSpan.FromMilliseconds(100)),
            new LoadSpec(LoadKind.MultiStream, [1], 0.99, SamplesPerQuery: 2, Interval: TimeSpan.FromMilliseconds(5)),
            new LoadSpec(LoadKind.ConcurrencySweep, [1], 0.99, Clients: [1, 2]),
        })
        {
            var result = Measure(model, load, 1);
            Assert.True(result.Status is MeasurementStatus.Ok or MeasurementStatus.Invalid, $"{result.Id}: {result.Status} {result.Error}");
        }

        foreach (var (load, batch) in new[]
        {
            (new LoadSpec(LoadKind.Offline, [8], 0.9), 8),
            (new LoadSpec(LoadKind.Server, [1], 0.9, TargetQps: 200, Slo: TimeSpan.FromMilliseconds(100), Batcher: Batcher), 1),
        })
        {
            var skipped = Measure(model, load, batch);
            Assert.Equal(MeasurementStatus.Skipped, skipped.Status);
            Assert.StartsWith("model 'cls' has its batch dimension fixed at 1 (input 'x' is [1, 4]), so it cannot run", skipped.Error, StringComparison.Ordinal);
            Assert.Contains("batching loads (offline batch > 1, a batcher) cannot run it", skipped.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_Serve_A_Model_With_A_Scalar_Input_Under_Server_And_Multi_Stream_Loads()
    {
        var model = Spec("gain", Save(UserModels.ScalarGain()));
        foreach (var load in new[]
        {
            new LoadSpec(LoadKind.Server, [1], 0.9, TargetQps: 200, Slo: TimeSpan.FromMilliseconds(100)),
            new LoadSpec(LoadKind.Server, [1], 0.9, TargetQps: 200, Slo: TimeSpan.FromMilliseconds(100), Batcher: Batcher),
            new LoadSpec(LoadKind.MultiStream, [1], 0.99, SamplesPerQuery: 2, Interval: TimeSpan.FromMilliseconds(5)),
        })
        {
            var result = Measure(model, load, 1);
            Assert.True(result.Status is MeasurementStatus.Ok or MeasurementStatus.Invalid, $"{result.Id}: {result.Status} {result.Error}");
        }
    }

    private static ModelSpec Spec(string name, string path, params InputSpec[] inputs) => new(name, path, inputs, new Dictionary<string, long>(), null);

    private static float[] Floats(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    private string Save(OnnxModel model)
    {
        var path = Path.Combine(folder, model.Graph.Name + ".onnx");
        model.Save(path);
        return path;
    }

    private MeasurementResult Measure(ModelSpec model, LoadSpec load, int batchSize)
    {
        var job = new MeasurementJob($"{model.Name}/fp32/cpu/{LoadNames.IdOf(load, batchSize)}", model, "fp32", TargetSpec.DefaultCpu with { IntraOpThreads = 1 }, load, batchSize, Rules);
        return JobMeasurer.Measure(job, Path.Combine(folder, Guid.NewGuid().ToString("N") + ".csv"), _ => { });
    }
}
