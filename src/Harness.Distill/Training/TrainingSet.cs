using Harness.Data;
using Harness.Onnx;

namespace Harness.Distill.Training;

/// <summary>
/// Samples held in memory for training: inputs as one float array ([count, ..sampleShape]),
/// class labels where the dataset has them, and the teacher's logits once they are known.
/// </summary>
public sealed record TrainingSet(string Name, float[] Inputs, long[] SampleShape, int Count, int[]? Labels)
{
    /// <summary>The teacher's logits, [count, classes]; null for a hard-label run.</summary>
    public float[]? TeacherLogits { get; init; }

    public int SampleSize => Inputs.Length / Count;

    /// <summary>The first <paramref name="limit"/> samples of a dataset, preprocessed as the dataset declares (they must be float tensors of one input).</summary>
    public static TrainingSet Load(IDataset dataset, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var inputs = new List<float>();
        var labels = dataset.LabelKind == LabelKind.Class ? new List<int>() : null;
        long[]? shape = null;
        var count = 0;
        foreach (var batch in dataset.ReadBatches(256, limit))
        {
            if (batch.Inputs.Count != 1 || batch.Inputs[0].ElementType != TensorElementType.Float)
            {
                throw new DistillationException(
                    $"{dataset.Name} gives {string.Join(", ", batch.Inputs)}; a student trains on one float input per sample (declare a preprocessing that converts to float)");
            }

            var tensor = batch.Inputs[0];
            shape ??= tensor.SampleShape.ToArray();
            if (!tensor.SampleShape.SequenceEqual(shape))
            {
                throw new DistillationException(
                    $"{dataset.Name}: sample {batch.Samples[0].Id} is [{string.Join(", ", tensor.SampleShape.ToArray())}], the first was [{string.Join(", ", shape)}]; a student trains on samples of one shape (declare a resize)");
            }

            inputs.AddRange(tensor.GetSpan<float>());
            labels?.AddRange(batch.Samples.Select(s => s.Label.ClassIndex));
            count += batch.Count;
        }

        return count == 0 || shape is null
            ? throw new DistillationException($"{dataset.Name} has no samples to train on")
            : new TrainingSet(dataset.Name, [.. inputs], shape, count, labels?.ToArray());
    }
}
