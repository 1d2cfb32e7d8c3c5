using System.Globalization;
using Harness.Data;
using Harness.Data.Ocr;
using Harness.Evaluate.Metrics;
using Harness.Onnx;
using Harness.Onnx.Runtime;

namespace Harness.Evaluate;

/// <summary>
/// Runs a model over a labelled dataset in batches and turns its first output into predictions:
/// class scores for <see cref="EvaluationTask.Classification"/>, greedily decoded text for
/// <see cref="EvaluationTask.CtcText"/>. Data that cannot fit the model is the user's to fix and
/// stops the run with a <see cref="DatasetException"/>; a sample the model itself fails on is
/// isolated (its batch is re-run one sample at a time), reported, and the run goes on.
/// </summary>
public sealed class Evaluator
{
    private readonly InferenceSession _session;
    private readonly CtcGreedyDecoder? _decoder;
    private readonly TimeProvider _time;

    public Evaluator(InferenceSession session, EvaluationTask task, CtcGreedyDecoder? decoder = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (task == EvaluationTask.CtcText && decoder is null)
        {
            throw new ArgumentException("A ctc-text evaluation needs the recognizer's CTC decoder (its character dictionary).", nameof(decoder));
        }

        _session = session;
        Task = task;
        _decoder = decoder;
        _time = time ?? TimeProvider.System;
    }

    public EvaluationTask Task { get; }

    /// <summary>How expected and recognised texts are normalised before they are compared (ctc-text only).</summary>
    public TextNormalization TextNormalization { get; init; } = TextNormalization.None;

    public EvaluationResult Run(IDataset dataset, int batchSize, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        RequireLabels(dataset);
        var classifications = new List<ClassificationPrediction>();
        var sequences = new List<SequencePrediction>();
        var failures = new List<SampleFailure>();
        var output = _session.Outputs[0].Name;
        long inference = 0;
        var count = 0;
        var started = _time.GetTimestamp();
        foreach (var batch in dataset.ReadBatches(batchSize, limit))
        {
            var names = BindInputs(dataset, batch);
            var runStarted = _time.GetTimestamp();
            OrtValue[]? outputs = null;
            try
            {
                outputs = RunBatch(names, batch.Inputs, output);
            }
            catch (OrtException)
            {
                // Which sample broke the batch is unknown: run each alone to find out.
            }

            inference += _time.GetTimestamp() - runStarted;
            if (outputs is not null)
            {
                using var result = outputs[0];
                Decode(result, batch.Samples, dataset, classifications, sequences);
            }
            else
            {
                inference += RunOneByOne(dataset, batch, names, output, classifications, sequences, failures);
            }

            count += batch.Count;
        }

        var elapsed = _time.GetElapsedTime(started);
        return new EvaluationResult(Task, dataset.Name, count, classifications, sequences, failures, elapsed, TimeSpan.FromSeconds(inference / (double)_time.TimestampFrequency));
    }

    private void RequireLabels(IDataset dataset)
    {
        var needed = Task == EvaluationTask.CtcText ? LabelKind.Text : LabelKind.Class;
        if (dataset.LabelKind != needed)
        {
            throw new DatasetException(
                $"{dataset.Source}: a {Task.Name()} evaluation needs {needed.ToString().ToLowerInvariant()} labels, but {dataset.Name} has {dataset.LabelKind.ToString().ToLowerInvariant()} labels.",
                dataset.Source);
        }
    }

    /// <summary>Matches batch tensors to model inputs (by name, else by position) and checks each fits, naming the first sample when one does not.</summary>
    private string[] BindInputs(IDataset dataset, SampleBatch batch)
    {
        var inputs = _session.Inputs;
        var first = batch.Samples[0].Id;
        if (batch.Inputs.Count != inputs.Count)
        {
            throw DatasetException.InSample(
                dataset.Source, first, $"gives {batch.Inputs.Count} input tensor(s), but the model takes {inputs.Count}: [{string.Join(", ", inputs)}].");
        }

        var names = new string[inputs.Count];
        for (var i = 0; i < names.Length; i++)
        {
            var tensor = batch.Inputs[i];
            var info = tensor.Name is null ? inputs[i] : inputs.FirstOrDefault(input => input.Name == tensor.Name);
            if (info is null)
            {
                throw DatasetException.InSample(dataset.Source, first, $"gives input '{tensor.Name}', which the model does not have: [{string.Join(", ", inputs)}].");
            }

            if (!Fits(tensor.Shape, info.Shape) || tensor.ElementType != info.ElementType)
            {
                throw DatasetException.InSample(
                    dataset.Source,
                    first,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"is {tensor.ElementType.DisplayName()}[{string.Join(", ", tensor.SampleShape.ToArray())}] after preprocessing ({dataset.Preprocessing}), but the model input {info} takes {info.ElementType.DisplayName()}[{string.Join(", ", info.Shape.Skip(1).Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture)))}] per sample. Declare a preprocessing that makes this shape (resize, channels, layout).")); 
            }

            names[i] = info.Name;
        }

        return names;
    }

    /// <summary>Same rank, and every fixed model dimension matched (the batch axis and symbolic ones take anything).</summary>
    private static bool Fits(long[] batchShape, long[] modelShape)
    {
        if (batchShape.Length != modelShape.Length)
        {
            return false;
        }

        for (var d = 1; d < modelShape.Length; d++)
        {
            if (modelShape[d] >= 0 && modelShape[d] != batchShape[d])
            {
                return false;
            }
        }

        return true;
    }

    private OrtValue[] RunBatch(string[] names, IReadOnlyList<BatchTensor> tensors, string output)
    {
        var values = new OrtValue[tensors.Count];
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                // Wraps the batch array where it lies: no copy between preprocessing and the model.
                values[i] = OrtValue.CreateTensor(_session.Library, tensors[i].Data, tensors[i].ElementType, tensors[i].Shape);
            }

            return _session.Run(names, values, [output]);
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    /// <summary>Re-runs a failed batch one sample at a time, so only the samples the model fails on are lost; returns the model time spent.</summary>
    private long RunOneByOne(
        IDataset dataset,
        SampleBatch batch,
        string[] names,
        string output,
        List<ClassificationPrediction> classifications,
        List<SequencePrediction> sequences,
        List<SampleFailure> failures)
    {
        long spent = 0;
        for (var s = 0; s < batch.Count; s++)
        {
            var single = new BatchTensor[batch.Inputs.Count];
            for (var t = 0; t < single.Length; t++)
            {
                var tensor = batch.Inputs[t];
                var size = tensor.SampleByteCount;
                var shape = (long[])tensor.Shape.Clone();
                shape[0] = 1;
                single[t] = tensor with { Shape = shape, Data = tensor.Data.AsSpan(s * size, size).ToArray() };
            }

            var started = _time.GetTimestamp();
            try
            {
                var outputs = RunBatch(names, single, output);
                spent += _time.GetTimestamp() - started;
                using var result = outputs[0];
                Decode(result, [batch.Samples[s]], dataset, classifications, sequences);
            }
            catch (OrtException e)
            {
                spent += _time.GetTimestamp() - started;
                failures.Add(new SampleFailure(batch.Samples[s].Id, e.Message));
            }
        }

        return spent;
    }

    private void Decode(
        OrtValue output, IReadOnlyList<SampleInfo> samples, IDataset dataset, List<ClassificationPrediction> classifications, List<SequencePrediction> sequences)
    {
        var name = _session.Outputs[0].Name;
        if (output.ElementType != TensorElementType.Float)
        {
            throw new DatasetException($"The model's output '{name}' is {output.ElementType.DisplayName()}; evaluation reads float32 scores.");
        }

        var shape = output.Shape;
        var scores = output.GetSpan<float>();
        if (shape.Length < 2 || shape[0] != samples.Count)
        {
            throw new DatasetException($"The model's output '{name}' has shape [{string.Join(", ", shape)}]; evaluation needs one row of scores per sample ({samples.Count}).");
        }

        var perSample = scores.Length / samples.Count;
        if (Task == EvaluationTask.Classification)
        {
            // Trailing axes of size 1 (e.g. [N, K, 1, 1]) are the same K scores.
            for (var i = 0; i < samples.Count; i++)
            {
                var sample = samples[i];
                var label = sample.Label.ClassIndex;
                if (label < 0 || label >= perSample)
                {
                    throw DatasetException.InSample(
                        dataset.Source, sample.Id, $"has label {label}, outside the model's {perSample} classes [0, {perSample - 1}] (output '{name}').");
                }

                classifications.Add(new ClassificationPrediction(label, scores.Slice(i * perSample, perSample).ToArray(), sample.Slices));
            }

            return;
        }

        if (shape.Length != 3)
        {
            throw new DatasetException($"The model's output '{name}' has shape [{string.Join(", ", shape)}]; CTC decoding needs [N, time steps, classes].");
        }

        _decoder!.RequireClassCount(checked((int)shape[2]), $"the model's output '{name}'");
        for (var i = 0; i < samples.Count; i++)
        {
            var text = _decoder.Decode(scores.Slice(i * perSample, perSample));
            sequences.Add(new SequencePrediction(TextNormalization.Apply(samples[i].Label.Text!), TextNormalization.Apply(text), samples[i].Slices));
        }
    }
}
