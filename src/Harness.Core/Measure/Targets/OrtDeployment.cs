using System.Diagnostics;
using Harness.Evaluate;
using Harness.Measure.Sut;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Plan;
using Harness.Results;

namespace Harness.Measure.Targets;

/// <summary>
/// A variant loaded into an ONNX Runtime session with the target's settings. Closed loops run
/// over pre-bound inputs, the leanest path there is; the other loads need requests coalesced and
/// split, which <see cref="OrtSessionSystem"/> does.
/// </summary>
public sealed class OrtDeployment : IDeployedModel
{
    private readonly OrtEnvironment environment;
    private readonly MeasurementJob job;
    private readonly string referencePath;
    private readonly SessionOptions options;
    private readonly InferenceSession session;
    private readonly TimeSpan sessionCreate;
    private readonly CudaResidentInputs? cuda;

    /// <param name="environment">Owned from here on: disposed with the deployment.</param>
    /// <param name="job">The job, its model path the variant's file.</param>
    /// <param name="referencePath">The reference variant's file, for fidelity.</param>
    /// <param name="configure">Adds what the target needs beyond the common settings (an execution provider).</param>
    /// <param name="cuda">On a GPU: closed loops keep inputs and outputs in its memory (created before the session, for the memory baseline).</param>
    public OrtDeployment(OrtEnvironment environment, MeasurementJob job, string referencePath, VariantInfo? variant, Action<SessionOptions>? configure = null, CudaResidentInputs? cuda = null)
    {
        this.environment = environment;
        this.cuda = cuda;
        this.job = job;
        this.referencePath = referencePath;
        Variant = variant;
        options = SessionFactory.CreateOptions(environment.Library, job.Target);
        try
        {
            configure?.Invoke(options);
            var createStart = Stopwatch.GetTimestamp();
            session = InferenceSession.FromFile(environment, job.Model.Path, options);
            sessionCreate = Stopwatch.GetElapsedTime(createStart);
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    public VariantInfo? Variant { get; }

    public string? ModelPath => job.Model.Path;

    public TResult MeasureClosedLoop<TResult>(int batchSize, IClosedLoopMeasurement<TResult> measurement)
    {
        var (names, tensors) = job.Model.TestDataDirectory is { } folder
            ? TestDataInputs(folder, batchSize)
            : Generated(batchSize);
        var onDevice = new List<DeviceTensor>();
        try
        {
            if (cuda is not null)
            {
                onDevice = cuda.Upload(tensors);
            }

            var bound = cuda is null ? tensors : onDevice.Select(d => d.Value).ToList();
            using var prepared = session.Prepare(names, bound, session.Outputs.Select(o => o.Name).ToList(), cuda?.DeviceId);
            var firstStart = Stopwatch.GetTimestamp();
            prepared.Invoke();
            var cold = new ColdStartInfo(sessionCreate.TotalMilliseconds, Stopwatch.GetElapsedTime(firstStart).TotalMilliseconds);
            var query = new PreparedQuery(prepared);
            var result = measurement.Measure(ref query, cold);
            cuda?.NoteMemory();
            return result;
        }
        finally
        {
            onDevice.ForEach(d => d.Dispose());
            tensors.ForEach(t => t.Dispose());
        }
    }

    public DeviceInfo? DeviceFigures()
    {
        cuda?.NoteMemory();
        return cuda?.Figures;
    }

    public ServingSystem Serve(int maxBatch)
    {
        if (job.Model.TestDataDirectory is not null)
        {
            throw new InputSpecException($"model '{job.Model.Name}': inputs from test_data have fixed shapes and serve single-stream and offline loads only; give generated inputs for {job.LoadName}");
        }

        var firstInference = Stopwatch.GetTimestamp();
        var system = new OrtSessionSystem(session, job.Model, maxBatch);
        // Building the system ran each batch size once; the first of those runs is the cold one.
        return new ServingSystem(system, new ColdStartInfo(sessionCreate.TotalMilliseconds, Stopwatch.GetElapsedTime(firstInference).TotalMilliseconds / maxBatch));
    }

    public Quality Evaluate(Action<string> reportPhase)
    {
        if (job.Load.Kind == LoadKind.Fidelity)
        {
            reportPhase("comparing with " + JobPlanner.ReferenceVariant);
            return new Quality(null, CompareWithReference(SeededSamples(job.Load.Samples)), new ColdStartInfo(sessionCreate.TotalMilliseconds, 0));
        }

        reportPhase("evaluating");
        var spec = job.Model.Accuracy!;
        var accuracy = AccuracyEvaluation.Evaluate(session, spec, job.Rules.Seed);
        IReadOnlyList<FidelityInfo>? fidelity = null;
        if (job.Transform is not null)
        {
            reportPhase("comparing with " + JobPlanner.ReferenceVariant);
            fidelity = CompareWithReference(FidelityEvaluation.FromDataset(session.Inputs[0].Name, DatasetCatalog.Open(spec.Dataset).Dataset, spec.BatchSize, Math.Min(spec.Samples, 100)));
        }

        return new Quality(accuracy, fidelity, new ColdStartInfo(sessionCreate.TotalMilliseconds, 0));
    }

    public void Dispose()
    {
        session.Dispose();
        options.Dispose();
        environment.Dispose();
    }

    private IReadOnlyList<FidelityInfo> CompareWithReference(IEnumerable<FidelityInputs> inputs)
    {
        using var reference = InferenceSession.FromFile(environment, referencePath, options);
        return FidelityEvaluation.Compare(reference, session, JobPlanner.ReferenceVariant, inputs);
    }

    /// <summary>
    /// The fidelity job's inputs: every set of the model's test data, or <paramref name="count"/>
    /// samples at batch 1 with the timing jobs' fills, each seeded apart so they differ.
    /// </summary>
    private IEnumerable<FidelityInputs> SeededSamples(int count)
    {
        if (job.Model.TestDataDirectory is { } folder)
        {
            foreach (var set in TestDataDirectory.Load(folder).Sets)
            {
                yield return new FidelityInputs([.. set.Inputs.Select(i => i.Name)], [.. set.Inputs.Select(i => i.ToOrtValue())]);
            }

            yield break;
        }

        var inputs = InputResolver.Resolve(session.Inputs, job.Model, 1);
        for (var sample = 0; sample < count; sample++)
        {
            var seeded = inputs.Select(i => i with { Fill = i.Fill with { Seed = unchecked(i.Fill.Seed + (sample * 7919)) } }).ToList();
            yield return new FidelityInputs([.. seeded.Select(i => i.Name)], [.. seeded.Select(TensorFactory.Create)]);
        }
    }

    private (List<string> Names, List<OrtValue> Tensors) Generated(int batchSize)
    {
        var inputs = InputResolver.Resolve(session.Inputs, job.Model, batchSize);
        return (inputs.Select(i => i.Name).ToList(), inputs.Select(TensorFactory.Create).ToList());
    }

    /// <summary>The first set of an ONNX test-data folder, as recorded: real inputs instead of generated ones.</summary>
    private (List<string> Names, List<OrtValue> Tensors) TestDataInputs(string folder, int batchSize)
    {
        var set = TestDataDirectory.Load(folder).Sets[0];
        var batch = set.Inputs[0].Dims.Length > 0 ? set.Inputs[0].Dims[0] : 1;
        if (batchSize != 1 && batchSize != batch)
        {
            throw new InputSpecException($"model '{job.Model.Name}': the test data in {folder} has batch {batch}; batch size {batchSize} cannot be made from it");
        }

        return (set.Inputs.Select(i => i.Name).ToList(), set.Inputs.Select(i => i.ToOrtValue()).ToList());
    }

    private readonly struct PreparedQuery(PreparedRun run) : IQuery
    {
        public void Issue() => run.Invoke();
    }
}
