using System.Runtime.InteropServices;
using Harness.Onnx;

namespace Harness.Evaluate.Datasets;

/// <summary>
/// Stacks preprocessed samples into batches. Each sample is written once, from the reader's
/// buffer straight into its slot of the batch array; the arrays are sized exactly (the sample
/// total is known up front), so a runtime can wrap them without trimming copies.
/// </summary>
internal static class BatchAssembler
{
    public static IEnumerable<SampleBatch> Assemble(
        IEnumerable<RawSample> samples, int total, int batchSize, Preprocessing preprocessing, string source)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return AssembleIterator(samples, total, batchSize, preprocessing, source);
    }

    /// <summary>Validates the arguments of <see cref="IDataset.ReadBatches"/> and returns how many samples will be read.</summary>
    public static int Total(IDataset dataset, int batchSize, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Math.Min(limit, dataset.Count);
    }

    private static IEnumerable<SampleBatch> AssembleIterator(
        IEnumerable<RawSample> samples, int total, int batchSize, Preprocessing preprocessing, string source)
    {
        var preprocessor = preprocessing.ConvertToFloat ? new SamplePreprocessor(preprocessing) : null;
        using var reader = samples.GetEnumerator();
        var done = 0;
        while (done < total)
        {
            var count = Math.Min(batchSize, total - done);
            var infos = new SampleInfo[count];
            BatchTensor[]? tensors = null;
            for (var i = 0; i < count; i++)
            {
                if (!reader.MoveNext())
                {
                    throw DatasetException.InFile(source, $"ended after {done + i} samples, but {total} were expected.");
                }

                var sample = reader.Current;
                infos[i] = sample.Info;
                tensors ??= Allocate(sample, count, preprocessor, source);
                if (sample.Tensors.Count != tensors.Length)
                {
                    throw DatasetException.InSample(
                        source, sample.Info.Id, $"has {sample.Tensors.Count} tensors, but {infos[0].Id} in the same batch has {tensors.Length}.");
                }

                for (var t = 0; t < tensors.Length; t++)
                {
                    Write(sample, t, tensors[t], i, infos[0], preprocessor, source);
                }
            }

            done += count;
            yield return new SampleBatch(infos, tensors!);
        }
    }

    /// <summary>Batch arrays shaped after the batch's first sample.</summary>
    private static BatchTensor[] Allocate(RawSample first, int count, SamplePreprocessor? preprocessor, string source)
    {
        var tensors = new BatchTensor[first.Tensors.Count];
        for (var t = 0; t < tensors.Length; t++)
        {
            var stored = first.Tensors[t];
            var (type, shape) = OutputOf(stored, preprocessor, source, first.Info.Id);
            var batchShape = new long[shape.Length + 1];
            batchShape[0] = count;
            shape.CopyTo(batchShape, 1);
            var bytes = checked(count * ElementCount(shape) * type.SizeInBytes());
            tensors[t] = new BatchTensor(stored.Name, type, batchShape, new byte[bytes]);
        }

        return tensors;
    }

    private static void Write(RawSample sample, int t, BatchTensor batch, int slot, SampleInfo first, SamplePreprocessor? preprocessor, string source)
    {
        var stored = sample.Tensors[t];
        var perSample = batch.SampleByteCount;
        var destination = batch.Data.AsSpan(slot * perSample, perSample);
        if (preprocessor is null)
        {
            RequireSameShape(Array.ConvertAll(stored.Shape, d => (long)d), batch, sample, first, source);
            if (stored.ElementType != batch.ElementType)
            {
                throw DatasetException.InSample(
                    source, sample.Info.Id, $"holds {stored.ElementType.DisplayName()}, but {first.Id} in the same batch holds {batch.ElementType.DisplayName()}.");
            }

            stored.Data.Span.CopyTo(destination);
            return;
        }

        var geometry = preprocessor.Plan(stored, source, sample.Info.Id);
        RequireSameShape(preprocessor.OutputShape(geometry), batch, sample, first, source);
        preprocessor.Write(geometry, stored, MemoryMarshal.Cast<byte, float>(destination));
    }

    private static (TensorElementType Type, long[] Shape) OutputOf(SampleTensor stored, SamplePreprocessor? preprocessor, string source, string sampleId)
    {
        if (preprocessor is null)
        {
            if (stored.ElementType.SizeInBytes() == 0)
            {
                throw DatasetException.InSample(source, sampleId, $"holds {stored.ElementType.DisplayName()} elements, which have no fixed width.");
            }

            return (stored.ElementType, Array.ConvertAll(stored.Shape, d => (long)d));
        }

        return (TensorElementType.Float, preprocessor.OutputShape(preprocessor.Plan(stored, source, sampleId)));
    }

    private static void RequireSameShape(long[] shape, BatchTensor batch, RawSample sample, SampleInfo first, string source)
    {
        if (!shape.AsSpan().SequenceEqual(batch.SampleShape))
        {
            throw DatasetException.InSample(
                source,
                sample.Info.Id,
                $"is [{string.Join(", ", shape)}] after preprocessing, but {first.Id} in the same batch is [{string.Join(", ", batch.SampleShape.ToArray())}]. " +
                "Samples of different sizes need a resize to one size (Preprocessing.Resize with Height and Width), or batch size 1.");
        }
    }

    private static int ElementCount(long[] shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            count *= dim;
        }

        return checked((int)count);
    }
}
