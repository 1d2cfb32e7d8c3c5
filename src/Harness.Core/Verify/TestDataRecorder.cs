using System.Globalization;
using Harness.Measure;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Plan;

namespace Harness.Verify;

/// <summary>
/// Writes the ONNX test-data layout from a model and its inputs, with the outputs ONNX Runtime
/// computes on the CPU: a reference a user freezes once and then checks variants, other builds or
/// other runtimes against with <c>harness verify</c>. Inputs are either the folder's own
/// (recorded sets without outputs) or seeded ones made the way a scenario's generated inputs are.
/// </summary>
public static class TestDataRecorder
{
    /// <summary>Records <paramref name="sets"/> seeded input sets for <paramref name="modelPath"/> into a new folder <paramref name="directory"/>.</summary>
    /// <param name="shapes">Fixed shapes for inputs with symbolic dimensions (a dynamic leading dimension is batch 1).</param>
    public static TestDataDirectory RecordNew(string modelPath, string directory, int sets, int seed, IReadOnlyDictionary<string, long[]> shapes, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sets, 1);
        var model = OnnxModel.Load(modelPath);
        using var run = Open(modelPath, threads);
        var spec = new ModelSpec(
            Path.GetFileNameWithoutExtension(modelPath),
            modelPath,
            [.. shapes.Select(s => new InputSpec(s.Key, [.. s.Value.Select(DimensionSpec.Fixed)], FillSpec.Default(seed)))],
            new Dictionary<string, long>(),
            null);
        var resolved = InputResolver.Resolve(run.Session.Inputs, spec, batchSize: 1);
        var recorded = new List<TestDataSet>(sets);
        for (var s = 0; s < sets; s++)
        {
            // Each set and input its own seed, derived from the one given, so sets differ and a rerun is identical.
            var inputs = resolved.Select((input, i) => input with { Fill = input.Fill with { Seed = unchecked((seed * 7919) + (s * 131) + i) } }).ToList();
            recorded.Add(Record(run.Session, $"test_data_set_{s.ToString(CultureInfo.InvariantCulture)}", inputs.Select(TensorFactory.Create).ToList(), inputs.Select(i => i.Name).ToList()));
        }

        return TestDataDirectory.Write(directory, model, recorded);
    }

    /// <summary>Computes (or recomputes) the expected outputs of every set of an existing test-data folder from its own inputs.</summary>
    public static TestDataDirectory RecordOutputs(string directory, int threads)
    {
        var data = TestDataDirectory.Load(directory);
        using var run = Open(data.ModelPath, threads);
        var recorded = data.Sets
            .Select(set => Record(run.Session, set.Name, set.Inputs.Select(i => i.ToOrtValue(run.Session.Library)).ToList(), set.Inputs.Select(i => i.Name).ToList()))
            .ToList();
        return TestDataDirectory.Write(directory, OnnxModel.Load(data.ModelPath), recorded);
    }

    private static TestDataSet Record(InferenceSession session, string name, List<OrtValue> inputs, List<string> names)
    {
        OrtValue[] outputs = [];
        try
        {
            var outputNames = session.Outputs.Select(o => o.Name).ToList();
            outputs = session.Run(names, inputs, outputNames);
            return new TestDataSet(
                name,
                [.. inputs.Select((value, i) => value.ToTensorValue(names[i]))],
                [.. outputs.Select((value, i) => value.ToTensorValue(outputNames[i]))]);
        }
        finally
        {
            foreach (var value in inputs.Concat(outputs))
            {
                value.Dispose();
            }
        }
    }

    private static OpenSession Open(string modelPath, int threads)
    {
        var environment = OrtLibrary.Shared.CreateEnvironment("harness-verify", OrtLoggingLevel.Fatal);
        var options = new SessionOptions(environment.Library) { IntraOpThreads = threads };
        try
        {
            return new OpenSession(environment, options, InferenceSession.FromFile(environment, modelPath, options));
        }
        catch
        {
            options.Dispose();
            environment.Dispose();
            throw;
        }
    }

    private sealed record OpenSession(OrtEnvironment Environment, SessionOptions Options, InferenceSession Session) : IDisposable
    {
        public void Dispose()
        {
            Session.Dispose();
            Options.Dispose();
            Environment.Dispose();
        }
    }
}
