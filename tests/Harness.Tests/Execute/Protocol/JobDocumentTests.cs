using System.Diagnostics;
using System.Text.Json;
using Harness.Execute;
using Harness.Execute.Protocol;
using Harness.Plan;
using Harness.Results;

namespace Harness.Tests.Execute.Protocol;

/// <summary>
/// The job document a worker reads: it carries everything a job says, and a real
/// <c>harness worker</c> refuses a document it does not speak with a message naming both sides.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class JobDocumentTests
{
    /// <summary>A job with every field away from its default, so a field the mapping forgets shows up.</summary>
    private static MeasurementJob EveryFieldSet() => new(
        "cls/int8-static/cpu-t2/server-qps250.5-batched",
        new ModelSpec(
            "cls",
            "/models/cls.onnx",
            [new InputSpec("x", [DimensionSpec.Named("batch"), DimensionSpec.Fixed(3), DimensionSpec.Named("p2o.DynamicDimension.1"), DimensionSpec.Fixed(192)], new FillSpec(FillKind.Normal, -1, 1, 0.5, 0.25, 7)), new InputSpec("state", null, FillSpec.OfValues([1, 2.5], 5)) { BatchAxis = 1, FillGiven = false }],
            new Dictionary<string, long> { ["p2o.DynamicDimension.1"] = 48 },
            "/data/cls-test-data")
        {
            Accuracy = new AccuracySpec("ocr-directions", ["top1", "ece"], 40, 8, ["font"], Harness.Evaluate.TextNormalization.TrimEnds, 0.01, 200, [new ShiftRequest(Harness.Data.Shifts.ShiftKind.GaussianNoise, 0.1)]),
        },
        "int8-static",
        new TargetSpec("cpu-t2", TargetDevice.Cpu, 2, 1, GraphOptimization.Extended, ExecutionMode.Parallel) 
        {
            Cuda = new CudaSettings(1, "heuristic", 4L << 30),
            Pinning = CorePinning.Listed([1, 3]),
            SpinWait = false,
            MemoryLimitBytes = 512L << 20,
            Emulation = new EdgeEmulation("raspberry-pi-5", "Raspberry Pi 5 (8 GB)", "4x Arm Cortex-A76", 4, 8L << 30),
        },
        new LoadSpec(LoadKind.Server, [1], 0.99, 4, TimeSpan.FromMilliseconds(50), 250.5, false, TimeSpan.FromMilliseconds(20), new BatcherSpec(8, TimeSpan.FromMilliseconds(2), [4, 8]), [1, 2], 0.07),
        1,
        new RunRules(3, TimeSpan.FromMilliseconds(1500), 64, TimeSpan.FromSeconds(30), 5000, TimeSpan.FromSeconds(90), 11, 0.2, 0.02, 6, UntilSteady: true))
    {
        Transform = new VariantRequest("int8-static", VariantKind.Int8Static, new CalibrationRequest("ocr-directions", 16, Harness.Optimize.Quantization.Calibration.CalibrationMethod.Mse, 3), false, Harness.Optimize.Quantization.QuantType.Int8, ["MatMul"], ["conv_0"], true),
    };

    [Fact]
    public void Should_Carry_Every_Field_Of_A_Job_To_The_Worker_And_Back()
    {
        var job = EveryFieldSet();

        var line = JobDocumentJson.Write(JobDocumentMapping.ToDocument(job, "/run/samples.csv"));
        var read = JobDocumentJson.Read(line);

        Assert.Equal(JobDocument.SchemaName, read.Schema);
        Assert.Equal(JobDocument.CurrentVersion, read.Version);
        Assert.Equal(EnvironmentProbe.Harness(), read.Harness);
        Assert.Equal("/run/samples.csv", read.SamplesPath);
        // Records compare lists by reference, so the two jobs are compared as JSON.
        Assert.Equal(JsonSerializer.Serialize(job, ResultsJson.Indented), JsonSerializer.Serialize(JobDocumentMapping.ToJob(read), ResultsJson.Indented));
        Assert.Null(read.InTurns);
    }

    [Fact]
    public void A_job_to_be_measured_in_turns_carries_the_other_job_and_its_samples_path()
    {
        var job = EveryFieldSet();
        var other = job with { Model = job.Model with { Path = "/base/cls.onnx" }, Variant = "fp32", Transform = null };
        var document = JobDocumentMapping.ToDocument(job, "/run/current.csv") with
        {
            InTurns = JobDocumentMapping.ToTurns(other, "/run/baseline.csv"),
        };

        var read = JobDocumentJson.Read(JobDocumentJson.Write(document));

        var turns = Assert.IsType<TurnsBody>(read.InTurns);
        Assert.Equal("/run/baseline.csv", turns.SamplesPath);
        Assert.Equal(JsonSerializer.Serialize(other, ResultsJson.Indented), JsonSerializer.Serialize(JobDocumentMapping.ToJob(turns), ResultsJson.Indented));
    }

    [Fact]
    public void Should_Spell_Kinds_And_Durations_In_The_Protocols_Own_Words()
    {
        var line = JobDocumentJson.Write(JobDocumentMapping.ToDocument(EveryFieldSet(), "/run/samples.csv"));

        using var json = JsonDocument.Parse(line);
        var job = json.RootElement.GetProperty("job");
        Assert.Equal("harness.job", json.RootElement.GetProperty("schema").GetString());
        Assert.Equal("server", job.GetProperty("load").GetProperty("kind").GetString());
        Assert.Equal(20, job.GetProperty("load").GetProperty("sloMs").GetDouble());
        Assert.Equal("int8-static", job.GetProperty("transform").GetProperty("kind").GetString());
        Assert.Equal("cpu", job.GetProperty("target").GetProperty("device").GetString());
        Assert.Equal(["batch", "3", "p2o.DynamicDimension.1", "192"], job.GetProperty("model").GetProperty("inputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(90_000, job.GetProperty("rules").GetProperty("jobTimeoutMs").GetDouble());
    }

    [Fact]
    public async Task Should_Refuse_A_Document_Of_Another_Version_In_A_Real_Worker()
    {
        var document = JobDocumentMapping.ToDocument(EveryFieldSet(), Path.Combine(Path.GetTempPath(), "never.csv")) with
        {
            Version = JobDocument.CurrentVersion + 1,
            Harness = new HarnessInfo("9.9.9", "0123abc"),
        };

        var outcome = await WorkerProcess.RunAsync(document, TimeSpan.FromSeconds(60), _ => { }, CancellationToken.None);

        var self = EnvironmentProbe.Harness();
        Assert.Null(outcome.Result);
        Assert.Equal(
            $"this worker (harness {self.Version}, {self.Commit}) reads harness.job version {JobDocument.CurrentVersion}, but the job came as version {JobDocument.CurrentVersion + 1} from harness 9.9.9; run the same harness version on both sides",
            outcome.Error);
    }

    [Fact]
    public async Task Should_Name_A_Kind_The_Worker_Does_Not_Know()
    {
        var document = JobDocumentMapping.ToDocument(EveryFieldSet(), Path.Combine(Path.GetTempPath(), "never.csv"));
        document = document with { Job = document.Job with { Load = document.Job.Load with { Kind = "burst" } } };

        var outcome = await WorkerProcess.RunAsync(document, TimeSpan.FromSeconds(60), _ => { }, CancellationToken.None);

        Assert.Equal(
            "the job document names load kind 'burst', which this worker does not know; it knows: single-stream, multi-stream, server, offline, concurrency-sweep, accuracy, fidelity",
            outcome.Error);
    }

    [Fact]
    public async Task Should_Refuse_A_Job_That_Is_Not_A_Job_Document()
    {
        // The shape the worker read before the protocol was versioned: the planner's records as they are.
        var unversioned = JsonSerializer.Serialize(new { job = EveryFieldSet(), samplesPath = "/run/samples.csv" }, ResultsJson.Compact);

        var (exitCode, messages) = await SendToWorker(unversioned);

        Assert.Equal(3, exitCode);
        var error = Assert.Single(messages);
        Assert.Equal(WorkerMessage.ErrorKind, error.Kind);
        Assert.Equal("the worker's input is not a harness.job document (its schema is missing); start workers with the harness that planned the run", error.Error);
    }

    [Fact]
    public async Task Should_Refuse_A_Document_That_Lacks_A_Field()
    {
        var line = JobDocumentJson.Write(JobDocumentMapping.ToDocument(EveryFieldSet(), "/run/samples.csv"));
        var node = System.Text.Json.Nodes.JsonNode.Parse(line)!;
        node["job"]!.AsObject().Remove("rules");

        var (_, messages) = await SendToWorker(node.ToJsonString());

        var error = Assert.Single(messages);
        Assert.StartsWith($"the job document does not fit harness.job version {JobDocument.CurrentVersion}: ", error.Error, StringComparison.Ordinal);
        Assert.Contains("rules", error.Error, StringComparison.Ordinal);
    }

    /// <summary>Writes one line to a fresh <c>harness worker</c> and reads every message it answers.</summary>
    private static async Task<(int ExitCode, List<WorkerMessage> Messages)> SendToWorker(string line)
    {
        using var process = Process.Start(WorkerCommand.StartInfo())!;
        await process.StandardInput.WriteLineAsync(line);
        process.StandardInput.Close();
        var messages = new List<WorkerMessage>();
        while (await process.StandardOutput.ReadLineAsync() is { } answer)
        {
            messages.Add(JsonSerializer.Deserialize<WorkerMessage>(answer, ResultsJson.Compact)!);
        }

        await process.WaitForExitAsync();
        return (process.ExitCode, messages);
    }
}
