using System.Runtime.InteropServices;
using Harness.Onnx;

namespace Harness.Data;

/// <summary>
/// Stacks preprocessed samples into batches. Each sample is written once, from the reader's
/// buffer straight into its slot of the batch array; the arrays are sized exactly (the sample
/// total is known up front), so a runtime can wrap them without trimming copies. Only when the
/// batch decides the width (<see cref="ResizeMode.FitHeightPadToBatch"/>) are a batch's stored
/// samples kept until its widest is known.
/// </summary>
internal static class BatchAssembler
{
    /// <param name="transform">A pixel-space change applied to every sample before its preprocessing (synthetic drift); needs a float preprocessing.</param>
    public static IEnumerable<SampleBatch> Assemble(
        IEnumerable<RawSample> samples, int total, int batchSize, Preprocessing preprocessing, string source, IPixelTransform? transform = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (transform is not null && !preprocessing.ConvertToFloat)
        {
            throw new ArgumentException("Raw preprocessing passes stored tensors through unchanged; a pixel transform needs them converted to float.", nameof(transform));
        }

        return AssembleIterator(samples, total, batchSize, preprocessing, source, transform);
    }

    /// <summary>Validates the arguments of <see cref="IDataset.ReadBatches"/> and returns how many samples will be read.</summary>
    public static int Total(IDataset dataset, int batchSize, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Math.Min(limit, dataset.Count);
    }

    private static IEnumerable<SampleBatch> AssembleIterator(
        IEnumerable<RawSample> samples, int total, int batchSize, Preprocessing preprocessing, string source, IPixelTransform? transform)
    {
        var preprocessor = preprocessing.ConvertToFloat ? new SamplePreprocessor(preprocessing, transform) : null;
        using var reader = samples.GetEnumerator();
        var done = 0;
        while (done < total)
        {
            var count = Math.Min(batchSize, total - done);
            yield return preprocessor is { WidthFollowsBatch: true }
                ? AssembleToWidest(reader, count, done, total, preprocessor, source)
                : AssembleInPlace(reader, count, done, total, preprocessor, source);
            done += count;
        }
    }

    private static SampleBatch AssembleInPlace(
        IEnumerator<RawSample> reader, int count, int done, int total, SamplePreprocessor? preprocessor, string source)
    {
        var infos = new SampleInfo[count];
        BatchTensor[]? tensors = null;
        for (var i = 0; i < count; i++)
        {
            var sample = Next(reader, done + i, total, source);
            infos[i] = sample.Info;
            tensors ??= Allocate(sample, count, preprocessor, source, widths: null);
            RequireTensorCount(sample, tensors.Length, infos[0], source);
            for (var t = 0; t < tensors.Length; t++)
            {
                var stored = sample.Tensors[t];
                if (preprocessor is null)
                {
                    CopyRaw(stored, tensors[t], i, sample, infos[0], source);
                }
                else
                {
                    Write(preprocessor, preprocessor.Plan(stored, source, sample.Info.Id), stored, tensors[t], i, sample, infos[0], source);
                }
            }
        }

        return new SampleBatch(infos, tensors!);
    }

    /// <summary>Reads the whole batch first (owning copies of the stored tensors), finds each input's widest sample, then writes every sample padded to it.</summary>
    private static SampleBatch AssembleToWidest(
        IEnumerator<RawSample> reader, int count, int done, int total, SamplePreprocessor preprocessor, string source)
    {
        var samples = new RawSample[count];
        var geometries = new SamplePreprocessor.Geometry[count][];
        int[]? widths = null;
        for (var i = 0; i < count; i++)
        {
            var sample = Next(reader, done + i, total, source);
            var owned = sample.Tensors.Select(t => t with { Data = t.Data.ToArray() }).ToArray();
            samples[i] = sample with { Tensors = owned };
            widths ??= new int[owned.Length];
            RequireTensorCount(samples[i], widths.Length, samples[0].Info, source);
            geometries[i] = new SamplePreprocessor.Geometry[owned.Length];
            for (var t = 0; t < owned.Length; t++)
            {
                geometries[i][t] = preprocessor.Plan(owned[t], source, sample.Info.Id);
                widths[t] = Math.Max(widths[t], geometries[i][t].OutWidth);
            }
        }

        var tensors = Allocate(samples[0], count, preprocessor, source, widths);
        for (var i = 0; i < count; i++)
        {
            for (var t = 0; t < tensors.Length; t++)
            {
                var geometry = SamplePreprocessor.WidenTo(geometries[i][t], widths![t]);
                Write(preprocessor, geometry, samples[i].Tensors[t], tensors[t], i, samples[i], samples[0].Info, source);
            }
        }

        return new SampleBatch(samples.Select(s => s.Info).ToArray(), tensors);
    }

    private static RawSample Next(IEnumerator<RawSample> reader, int index, int total, string source) =>
        reader.MoveNext() ? reader.Current : throw DatasetException.InFile(source, $"ended after {index} samples, but {total} were expected.");

    private static void RequireTensorCount(RawSample sample, int count, SampleInfo first, string source)
    {
        if (sample.Tensors.Count != count)
        {
            throw DatasetException.InSample(source, sample.Info.Id, $"has {sample.Tensors.Count} tensors, but {first.Id} in the same batch has {count}.");
        }
    }

    /// <summary>Batch arrays shaped after the batch's first sample (widened to <paramref name="widths"/> when the batch sets the width).</summary>
    private static BatchTensor[] Allocate(RawSample first, int count, SamplePreprocessor? preprocessor, string source, int[]? widths)
    {
        var tensors = new BatchTensor[first.Tensors.Count];
        for (var t = 0; t < tensors.Length; t++)
        {
            var stored = first.Tensors[t];
            TensorElementType type;
            long[] shape;
            if (preprocessor is null)
            {
                if (stored.ElementType.SizeInBytes() == 0)
                {
                    throw DatasetException.InSample(source, first.Info.Id, $"holds {stored.ElementType.DisplayName()} elements, which have no fixed width.");
                }

                (type, shape) = (stored.ElementType, Array.ConvertAll(stored.Shape, d => (long)d));
            }
            else
            {
                var geometry = preprocessor.Plan(stored, source, first.Info.Id);
                if (widths is not null)
                {
                    geometry = SamplePreprocessor.WidenTo(geometry, widths[t]);
                }

                (type, shape) = (TensorElementType.Float, preprocessor.OutputShape(geometry));
            }

            var batchShape = new long[shape.Length + 1];
            batchShape[0] = count;
            shape.CopyTo(batchShape, 1);
            var bytes = checked(count * ElementCount(shape) * type.SizeInBytes());
            tensors[t] = new BatchTensor(stored.Name, type, batchShape, new byte[bytes]);
        }

        return tensors;
    }

    private static void CopyRaw(SampleTensor stored, BatchTensor batch, int slot, RawSample sample, SampleInfo first, string source)
    {
        RequireSameShape(Array.ConvertAll(stored.Shape, d => (long)d), batch, sample, first, source);
        if (stored.ElementType != batch.ElementType)
        {
            throw DatasetException.InSample(
                source, sample.Info.Id, $"holds {stored.ElementType.DisplayName()}, but {first.Id} in the same batch holds {batch.ElementType.DisplayName()}.");
        }

        stored.Data.Span.CopyTo(batch.Data.AsSpan(slot * batch.SampleByteCount, batch.SampleByteCount));
    }

    private static void Write(
        SamplePreprocessor preprocessor, in SamplePreprocessor.Geometry geometry, SampleTensor stored, BatchTensor batch, int slot, RawSample sample, SampleInfo first, string source)
    {
        RequireSameShape(preprocessor.OutputShape(geometry), batch, sample, first, source);
        var destination = batch.Data.AsSpan(slot * batch.SampleByteCount, batch.SampleByteCount);
        preprocessor.Write(geometry, stored, MemoryMarshal.Cast<byte, float>(destination), sample.Info.Index);
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
