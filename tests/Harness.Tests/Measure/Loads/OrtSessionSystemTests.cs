using Harness.Measure.Sut;
using Harness.Onnx.Runtime;
using Harness.Plan;

namespace Harness.Tests.Measure.Loads;

public sealed class OrtSessionSystemTests
{
    private static readonly ModelSpec Classifier = new(
        "cls", TestAssets.Classifier, [], new Dictionary<string, long> { ["p2o.DynamicDimension.1"] = 48, ["p2o.DynamicDimension.2"] = 192 }, null);

    [Fact]
    public void Should_Split_A_Coalesced_Batch_Back_Into_Each_Requests_Own_Answer()
    {
        var library = OrtLibrary.Shared;
        using var environment = library.CreateEnvironment();
        using var options = new SessionOptions(library) { IntraOpThreads = 1 };
        using var session = InferenceSession.FromFile(environment, TestAssets.Classifier, options);
        using var system = new OrtSessionSystem(session, Classifier, maxBatch: 4);

        system.Infer(first: 4, count: 4); // requests 4..7, coalesced
        var batched = Enumerable.Range(4, 4).Select(r => system.Response(0, r).ToArray()).ToList();
        for (var request = 4; request < 8; request++)
        {
            system.Infer(request, 1); // the same request alone
            var alone = MemoryMarshalFloats(system.Response(0, request));
            var fromBatch = MemoryMarshalFloats(batched[request - 4]);
            Assert.Equal(2, alone.Length);
            Assert.Equal(1f, alone.Sum(), 4);
            for (var k = 0; k < alone.Length; k++)
            {
                Assert.Equal(alone[k], fromBatch[k], 4);
            }
        }

        // Different requests carry different samples, so their answers differ.
        Assert.NotEqual(batched[0], batched[1]);
    }

    [Fact]
    public void Should_Allocate_Nothing_Per_Batch()
    {
        var library = OrtLibrary.Shared;
        using var environment = library.CreateEnvironment();
        using var options = new SessionOptions(library) { IntraOpThreads = 1 };
        using var session = InferenceSession.FromFile(environment, TestAssets.Classifier, options);
        using var system = new OrtSessionSystem(session, Classifier, maxBatch: 2);
        for (var i = 0; i < 20; i++)
        {
            system.Infer(i, 1 + (i % 2));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            system.Infer(i, 1 + (i % 2));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static float[] MemoryMarshalFloats(ReadOnlySpan<byte> bytes) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
