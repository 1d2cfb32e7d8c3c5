using Harness.Onnx;
using Harness.Onnx.Runtime;
using Harness.Plan;

namespace Harness.Measure.Sut;

/// <summary>
/// A model behind ONNX Runtime. Each request is one sample of a seeded pool; a batch of k
/// requests is coalesced by copying their samples into the batch-k input tensors along each
/// input's batch axis (the first, or a recurrent state's second), run through an IO binding with
/// pre-bound outputs, and split back by copying each output's slice to its request's slot. An input
/// without a batch axis (a sample rate) is shared by the batch. Every buffer is allocated up front,
/// so answering allocates nothing; with <c>maxBatch</c> 1 a model whose batch is fixed runs too.
/// </summary>
public sealed class OrtSessionSystem : ISystemUnderTest
{
    private const int PoolSize = 16;

    private readonly InferenceSession session;
    private readonly ModelSpec model;
    private readonly int maxBatch;
    private readonly byte[][] samplePool; // per input: PoolSize samples back to back
    private readonly int[] sampleBytes;   // per input
    private readonly Batch[] batches;     // index k - 1 holds the batch-k binding
    private readonly byte[][] responseSlots; // per output: one answer per slot, maxBatch slots

    public OrtSessionSystem(InferenceSession session, ModelSpec model, int maxBatch)
    {
        this.session = session;
        this.model = model;
        this.maxBatch = maxBatch;
        var single = InputResolver.Resolve(session.Inputs, model, 1);
        samplePool = new byte[single.Count][];
        sampleBytes = new int[single.Count];
        for (var i = 0; i < single.Count; i++)
        {
            // PoolSize samples drawn as one stream: for a leading batch axis, the very numbers a batch-PoolSize tensor would hold.
            var elements = single[i].Shape.Aggregate(1L, (product, dim) => checked(product * dim));
            var values = TensorFactory.Generate(single[i].Fill, checked((int)(elements * PoolSize)), Fills.IsIntegral(single[i].ElementType));
            using var poolTensor = TensorFactory.Create(single[i] with { Shape = [elements * PoolSize] }, values);
            samplePool[i] = poolTensor.GetBytes().ToArray();
            sampleBytes[i] = samplePool[i].Length / PoolSize;
        }

        batches = new Batch[maxBatch];
        try
        {
            for (var k = 1; k <= maxBatch; k++)
            {
                batches[k - 1] = new Batch(session, model, k, k == 1 ? null : batches[0]);
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        responseSlots = batches[0].Outputs.Select(o => new byte[o.GetBytes().Length * maxBatch]).ToArray();
    }

    public int MaxBatch => maxBatch;

    public void Infer(long first, int count)
    {
        var batch = batches[count - 1];
        for (var i = 0; i < samplePool.Length; i++)
        {
            var size = sampleBytes[i];
            var target = batch.Inputs[i].GetMutableBytes();
            var (outer, inner) = batch.InputSlices[i];
            var requests = batch.Shared[i] ? 1 : count; // a shared input takes the first request's sample
            for (var j = 0; j < requests; j++)
            {
                var sample = samplePool[i].AsSpan((int)((first + j) % PoolSize) * size, size);
                for (var o = 0; o < outer; o++)
                {
                    sample.Slice(o * inner, inner).CopyTo(target.Slice(((o * count) + j) * inner, inner));
                }
            }
        }

        batch.Binding.Run();
        for (var output = 0; output < batch.Outputs.Length; output++)
        {
            var rows = batch.Outputs[output].GetBytes();
            var (outer, inner) = batch.OutputSlices[output];
            var answerSize = outer * inner;
            for (var j = 0; j < count; j++)
            {
                var slot = responseSlots[output].AsSpan((int)((first + j) % maxBatch) * answerSize, answerSize);
                for (var o = 0; o < outer; o++)
                {
                    rows.Slice(((o * count) + j) * inner, inner).CopyTo(slot.Slice(o * inner, inner));
                }
            }
        }
    }

    public ISystemUnderTest CreateClient() => new OrtSessionSystem(session, model, maxBatch);

    /// <summary>The answer a request got (its slice of the output), while its slot has not been reused.</summary>
    internal ReadOnlySpan<byte> Response(int output, long request)
    {
        var answerSize = responseSlots[output].Length / maxBatch;
        return responseSlots[output].AsSpan((int)(request % maxBatch) * answerSize, answerSize);
    }

    public void Dispose()
    {
        foreach (var batch in batches)
        {
            batch?.Dispose();
        }
    }

    /// <summary>
    /// Where one request's sample sits in a batch-k tensor: <c>Outer</c> runs of <c>Inner</c> bytes,
    /// run o of request j at <c>(o·k + j)·Inner</c>. A batch axis at position a makes Outer the
    /// product of the dimensions before it; the first axis makes it 1 (one contiguous row).
    /// </summary>
    private static (int Outer, int Inner) Slices(long[] shape, int? axis, int elementBytes, int size)
    {
        if (axis is not { } a || size == 1)
        {
            return (1, checked((int)(shape.Aggregate(1L, (p, d) => p * d) * elementBytes)));
        }

        var outer = shape.Take(a).Aggregate(1L, (p, d) => p * d);
        var inner = shape.Skip(a + 1).Aggregate(1L, (p, d) => p * d) * elementBytes;
        return (checked((int)outer), checked((int)inner));
    }

    /// <summary>The axis along which an output grew from batch 1 to batch k: the one dimension that changed from 1 to k.</summary>
    private static int? GrowthAxis(long[] single, long[] batched, int size)
    {
        if (single.Length != batched.Length)
        {
            return null;
        }

        int? axis = null;
        for (var d = 0; d < single.Length; d++)
        {
            if (single[d] == batched[d])
            {
                continue;
            }

            if (axis is not null || single[d] != 1 || batched[d] != size)
            {
                return null;
            }

            axis = d;
        }

        return axis;
    }

    /// <summary>The tensors and binding for one batch size; output shapes learnt from one run.</summary>
    private sealed class Batch : IDisposable
    {
        public Batch(InferenceSession session, ModelSpec model, int size, Batch? single)
        {
            var resolved = InputResolver.Resolve(session.Inputs, model, size);
            Inputs = resolved.Select(r => OrtValue.AllocateTensor(r.ElementType, r.Shape)).ToArray();
            InputSlices = resolved.Select(r => Slices(r.Shape, r.BatchAxis, r.ElementType.SizeInBytes(), size)).ToArray();
            Shared = resolved.Select(r => size > 1 && r.BatchAxis is null).ToArray();
            var outputNames = session.Outputs.Select(o => o.Name).ToList();
            var probe = session.Run(resolved.Select(r => r.Name).ToList(), Inputs, outputNames);
            try
            {
                Outputs = probe.Select(p => OrtValue.AllocateTensor(p.ElementType, p.Shape)).ToArray();
            }
            finally
            {
                foreach (var value in probe)
                {
                    value.Dispose();
                }
            }

            OutputSlices = new (int, int)[Outputs.Length];
            for (var o = 0; o < Outputs.Length; o++)
            {
                int? axis = null;
                if (single is not null && (axis = GrowthAxis(single.Outputs[o].Shape, Outputs[o].Shape, size)) is null)
                {
                    throw new InputSpecException(
                        $"model '{model.Name}' output '{outputNames[o]}' has shape [{string.Join(", ", single.Outputs[o].Shape)}] at batch 1 and [{string.Join(", ", Outputs[o].Shape)}] at batch {size}, " +
                        "not one dimension that grows with the batch; its requests cannot be split back");
                }

                OutputSlices[o] = Slices(Outputs[o].Shape, axis, Outputs[o].ElementType.SizeInBytes(), size);
            }

            Binding = session.CreateIoBinding();
            for (var i = 0; i < resolved.Count; i++)
            {
                Binding.BindInput(resolved[i].Name, Inputs[i]);
            }

            for (var o = 0; o < outputNames.Count; o++)
            {
                Binding.BindOutput(outputNames[o], Outputs[o]);
            }
        }

        public OrtValue[] Inputs { get; }

        public (int Outer, int Inner)[] InputSlices { get; }

        /// <summary>Per input: true when it has no batch axis, so the batch shares one sample of it.</summary>
        public bool[] Shared { get; }

        public OrtValue[] Outputs { get; }

        public (int Outer, int Inner)[] OutputSlices { get; }

        public IoBinding Binding { get; }

        public void Dispose()
        {
            Binding.Dispose();
            foreach (var value in Inputs.Concat(Outputs))
            {
                value.Dispose();
            }
        }
    }
}
