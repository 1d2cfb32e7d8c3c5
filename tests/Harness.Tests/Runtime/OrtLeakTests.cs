using System.Globalization;
using Harness.Onnx;
using Harness.Onnx.Runtime;

namespace Harness.Tests.Runtime;

/// <summary>Runs alone: it measures the whole process's resident memory, which other tests would disturb.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OrtMemoryCollection
{
    public const string Name = "ORT process memory";
}

[Collection(OrtMemoryCollection.Name)]
public sealed class OrtLeakTests
{
    // Far above allocator noise (arena growth, glibc's retained free lists), far below what a
    // per-iteration leak of a session (~1 MB of weights) or a batch of tensors would add.
    private const long AllowedGrowthBytes = 40L << 20;

    private static readonly string[] InputNames = ["x"];

    [Fact]
    public void Creating_and_disposing_sessions_does_not_grow_memory()
    {
        static void Round(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var session = OrtTestContext.OpenClassifier();
            }
        }

        Round(20);
        var before = ResidentBytes();
        Round(200);
        var growth = ResidentBytes() - before;

        Assert.True(growth < AllowedGrowthBytes, $"RSS grew by {growth >> 20} MB over 200 sessions");
    }

    [Fact]
    public void Creating_and_disposing_tensors_and_outputs_does_not_grow_memory()
    {
        using var session = OrtTestContext.OpenClassifier();
        using var input = OrtValue.CreateTensor(OrtTestContext.ClassifierInput(1), OrtTestContext.ClassifierShape(1));
        using var run = session.Prepare(InputNames, [input], [session.Outputs[0].Name]);
        var data = new float[64 * 1024];

        void Round(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using (OrtValue.CreateTensor(data, [256, 256]))
                using (OrtValue.AllocateTensor(TensorElementType.Float, [256, 256]))
                {
                }

                if (i % 10 == 0)
                {
                    foreach (var output in run.InvokeAndTakeOutputs())
                    {
                        output.Dispose();
                    }
                }
            }
        }

        Round(1000);
        var before = ResidentBytes();
        Round(5000);
        var growth = ResidentBytes() - before;

        // 5000 leaked pairs would be 5000 x 512 KB = 2.5 GB.
        Assert.True(growth < AllowedGrowthBytes, $"RSS grew by {growth >> 20} MB over 5000 tensor pairs");
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kilobytes * 1024;
    }
}
