using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;
using Harness.Onnx.Runtime;
using Harness.Optimize.Graph;

namespace Harness.Optimize.Quantization.Calibration;

/// <summary>
/// Observes intermediate activations the way ORT's calibrators do: a copy of the model lists the
/// wanted tensors as extra graph outputs, ONNX Runtime runs it on every calibration sample, and each
/// tensor's values go to its own range estimator. Graph inputs are observed straight from the
/// samples. Tensors are exposed in groups so that a large model at a large input size never holds
/// all its activations at once.
/// </summary>
public static class ActivationCalibrator
{
    /// <summary>Extra outputs per run; bounds the memory one run holds (a 320×320 detector's activations total hundreds of MB).</summary>
    public const int OutputsPerRun = 96;

    public static Dictionary<string, TensorRange> Collect(
        ModelGraph graph, IReadOnlyCollection<string> tensors, ICalibrationDataSource data, CalibrationSettings settings, OrtLibrary? library = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        library ??= OrtLibrary.Shared;

        var estimators = tensors.Distinct(StringComparer.Ordinal).ToDictionary(t => t, _ => settings.CreateEstimator(), StringComparer.Ordinal);
        var inputs = graph.Graph.Input.Where(i => graph.IsGraphInput(i.Name)).Select(i => i.Name).ToList();
        var intermediate = estimators.Keys.Where(t => !inputs.Contains(t)).ToList();
        var samples = data.Samples().ToList();
        if (samples.Count == 0)
        {
            throw new ModelRewriteException($"The calibration data ({data.Description}) yielded no samples; static quantization needs at least one.");
        }

        foreach (var sample in samples)
        {
            foreach (var value in sample.Where(v => estimators.ContainsKey(v.Name)))
            {
                ObserveInput(estimators[value.Name], value);
            }
        }

        using var environment = library.CreateEnvironment("harness-calibration", OrtLoggingLevel.Error);
        for (var start = 0; start < intermediate.Count; start += OutputsPerRun)
        {
            var group = intermediate.Skip(start).Take(OutputsPerRun).ToList();
            using var session = OpenAugmented(graph, group, environment, library);
            foreach (var sample in samples)
            {
                RunOnce(session, inputs, sample, group, estimators, data);
            }
        }

        return estimators.ToDictionary(p => p.Key, p => p.Value.Estimate(), StringComparer.Ordinal);
    }

    private static void ObserveInput(IRangeEstimator estimator, TensorValue value)
    {
        if (value.ElementType == TensorElementType.Float)
        {
            estimator.Observe(value.ToArray<float>());
        }
    }

    private static InferenceSession OpenAugmented(ModelGraph graph, List<string> tensors, OrtEnvironment environment, OrtLibrary library)
    {
        var proto = graph.Proto.Clone();
        var declared = proto.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tensor in tensors.Where(t => !declared.Contains(t)))
        {
            proto.Graph.Output.Add(new ValueInfoProto
            {
                Name = tensor,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorElementType.Float } },
            });
        }

        var augmented = OnnxModel.FromProto(proto, graph.SourceName + " (calibration copy)", graph.ToModel().BaseDirectory);
        using var options = new SessionOptions(library) { IntraOpThreads = 1, InterOpThreads = 1 };
        options.AddConfigEntry("session.intra_op.allow_spinning", "0");
        if (!augmented.HasExternalData)
        {
            return InferenceSession.FromBytes(environment, augmented.ToBytes(), options);
        }

        // External data is found relative to the model file, so this copy goes to a scratch folder
        // with its data gathered beside it.
        var folder = Path.Combine(Path.GetTempPath(), "harness-calibration-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var path = Path.Combine(folder, "augmented.onnx");
            augmented.Save(path);
            return InferenceSession.FromFile(environment, path, options);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void RunOnce(
        InferenceSession session, List<string> inputs, IReadOnlyList<TensorValue> sample, List<string> outputs,
        Dictionary<string, IRangeEstimator> estimators, ICalibrationDataSource data)
    {
        var values = new List<OrtValue>(inputs.Count);
        try
        {
            foreach (var name in inputs)
            {
                var tensor = sample.FirstOrDefault(v => v.Name == name)
                    ?? throw new ModelRewriteException(
                        $"A calibration sample ({data.Description}) has no tensor for model input '{name}'; it has: {string.Join(", ", sample.Select(v => v.Name))}.");
                values.Add(OrtValue.CreateTensor(tensor.Data, tensor.ElementType, tensor.Dims));
            }

            OrtValue[] results;
            try
            {
                results = session.Run(inputs, values, outputs);
            }
            catch (OrtException e)
            {
                // Usually a shape or type the model does not take; ORT's message names the input and dimension.
                throw new ModelRewriteException($"The calibration data ({data.Description}) does not fit the model: {e.Message}", e);
            }

            try
            {
                for (var i = 0; i < outputs.Count; i++)
                {
                    if (results[i].IsTensor && results[i].ElementType == TensorElementType.Float)
                    {
                        estimators[outputs[i]].Observe(results[i].GetSpan<float>());
                    }
                }
            }
            finally
            {
                foreach (var result in results)
                {
                    result.Dispose();
                }
            }
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }
}
