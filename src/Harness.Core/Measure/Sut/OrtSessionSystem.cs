using Harness.Onnx.Runtime;
using Harness.Plan;

namespace Harness.Measure.Sut;

/// <summary>
/// A model behind ONNX Runtime. Each request is one sample of a seeded pool; a batch of k
/// requests is coalesced by copying their samples into the batch-k input tensors, run through an
/// IO binding with pre-bound outputs, and split back by copying each output row to its request's
/// slot. Every buffer is allocated up front, so answering allocates nothing.
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
    private readonly byte[][] responseSlots; // per output: one row per slot, maxBatch slots

    public OrtSessionSystem(InferenceSession session, ModelSpec model, int maxBatch)
    {
        this.session = session;
        this.model = model;
        this.maxBatch = maxBatch;
        var single = InputResolver.Resolve(session.Inputs, model, 1);
        var pool = InputResolver.Resolve(session.Inputs, model, PoolSize);
        samplePool = new byte[pool.Count][];
        sampleBytes = new int[pool.Count];
        for (var i = 0; i < pool.Count; i++)
        {
            using var poolTensor = TensorFactory.Create(pool[i]);
            samplePool[i] = poolTensor.GetBytes().ToArray();
            sampleBytes[i] = samplePool[i].Length / PoolSize;
            if (single[i].Shape[0] != 1 && maxBatch > 1)
            {
                throw new InputSpecException($"model '{model.Name}' input '{single[i].Name}' has no batch dimension to coalesce requests along");
            }
        }

        batches = new Batch[maxBatch];
        try
        {
            for (var k = 1; k <= maxBatch; k++)
            {
                batches[k - 1] = new Batch(session, model, k);
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
            for (var j = 0; j < count; j++)
            {
                var sample = (int)((first + j) % PoolSize);
                samplePool[i].AsSpan(sample * size, size).CopyTo(target.Slice(j * size, size));
            }
        }

        batch.Binding.Run();
        for (var o = 0; o < batch.Outputs.Length; o++)
        {
            var rows = batch.Outputs[o].GetBytes();
            var rowSize = rows.Length / count;
            for (var j = 0; j < count; j++)
            {
                var slot = (int)((first + j) % maxBatch);
                rows.Slice(j * rowSize, rowSize).CopyTo(responseSlots[o].AsSpan(slot * rowSize, rowSize));
            }
        }
    }

    public ISystemUnderTest CreateClient() => new OrtSessionSystem(session, model, maxBatch);

    /// <summary>The answer a request got (its output row), while its slot has not been reused.</summary>
    internal ReadOnlySpan<byte> Response(int output, long request)
    {
        var rowSize = responseSlots[output].Length / maxBatch;
        return responseSlots[output].AsSpan((int)(request % maxBatch) * rowSize, rowSize);
    }

    public void Dispose()
    {
        foreach (var batch in batches)
        {
            batch?.Dispose();
        }
    }

    /// <summary>The tensors and binding for one batch size; output shapes learnt from one run.</summary>
    private sealed class Batch : IDisposable
    {
        public Batch(InferenceSession session, ModelSpec model, int size)
        {
            var resolved = InputResolver.Resolve(session.Inputs, model, size);
            Inputs = resolved.Select(r => OrtValue.AllocateTensor(r.ElementType, r.Shape)).ToArray();
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

            foreach (var output in Outputs)
            {
                if (output.Shape.Length == 0 || output.Shape[0] != size)
                {
                    throw new InputSpecException($"model '{model.Name}' output shape [{string.Join(", ", output.Shape)}] does not grow with the batch; its requests cannot be split back");
                }
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

        public OrtValue[] Outputs { get; }

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
