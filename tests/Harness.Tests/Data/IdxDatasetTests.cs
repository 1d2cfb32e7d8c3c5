using System.Diagnostics;
using Harness.Data;
using Xunit.Abstractions;

namespace Harness.Tests.Data;

public sealed class IdxDatasetTests(ITestOutputHelper output)
{
    private readonly string _scratch = TestAssets.NewScratchDirectory("idx");

    private static string FashionMnist =>
        Environment.GetEnvironmentVariable("HARNESS_FASHION_MNIST") is { Length: > 0 } dir ? dir : "/usr/share/datasets/fashion-mnist";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Small_files_read_back_as_images_and_labels_in_batches(bool gzip)
    {
        // Five 2×3 images; pixel value = 10·sample + position.
        var pixels = Enumerable.Range(0, 5 * 6).Select(i => (byte)((i / 6 * 10) + (i % 6))).ToArray();
        var images = DatasetFiles.WriteIdx(Path.Combine(_scratch, "images.idx"), pixels, [5, 2, 3], gzip);
        var labels = DatasetFiles.WriteIdx(Path.Combine(_scratch, "labels.idx"), [3, 1, 4, 1, 5], [5], gzip);

        var dataset = new IdxDataset(images, labels, Preprocessing.Default, classCount: 10);
        var batches = dataset.ReadBatches(batchSize: 2).ToList();

        Assert.Equal(5, dataset.Count);
        Assert.Equal([2, 2, 1], batches.Select(b => b.Count));
        Assert.Equal([2L, 1, 2, 3], batches[0].Inputs[0].Shape);
        Assert.Equal([1L, 1, 2, 3], batches[2].Inputs[0].Shape);
        Assert.Equal([3, 1, 4, 1, 5], batches.SelectMany(b => b.Samples).Select(s => s.Label.ClassIndex));
        Assert.Equal(pixels.Select(p => (float)p), batches.SelectMany(b => b.Inputs[0].GetSpan<float>().ToArray()));
        Assert.Equal("images.idx[4]", batches[2].Samples[0].Id);
    }

    [Fact]
    public void A_limit_reads_only_the_first_samples()
    {
        var images = DatasetFiles.WriteIdx(Path.Combine(_scratch, "images.gz"), new byte[100 * 4], [100, 2, 2]);
        var labels = DatasetFiles.WriteIdx(Path.Combine(_scratch, "labels.gz"), new byte[100], [100]);

        var batches = new IdxDataset(images, labels, Preprocessing.Default).ReadBatches(batchSize: 8, limit: 10).ToList();

        Assert.Equal(10, batches.Sum(b => b.Count));
        Assert.Equal([8, 2], batches.Select(b => b.Count));
    }

    [Fact]
    public void The_Fashion_MNIST_test_split_has_10000_samples_labelled_0_to_9()
    {
        if (!File.Exists(Path.Combine(FashionMnist, "t10k-images-idx3-ubyte.gz")))
        {
            output.WriteLine($"Fashion-MNIST is not installed under {FashionMnist} (./run.sh installs dataset-fashion-mnist); checked the small files only.");
            return;
        }

        var dataset = IdxDataset.FashionMnist(FashionMnist, Preprocessing.UnitScale());
        var counts = new int[10];
        var samples = 0;
        var watch = Stopwatch.StartNew();
        foreach (var batch in dataset.ReadBatches(batchSize: 64))
        {
            samples += batch.Count;
            foreach (var sample in batch.Samples)
            {
                counts[sample.Label.ClassIndex]++;
            }

            Assert.Equal([batch.Count, 1L, 28, 28], batch.Inputs[0].Shape);
        }

        watch.Stop();
        var cold = watch.Elapsed;
        watch.Restart();
        var warmSamples = dataset.ReadBatches(batchSize: 64).Sum(b => b.Count);
        watch.Stop();
        Assert.Equal(10000, warmSamples);
        Assert.Equal(10000, dataset.Count);
        Assert.Equal(10000, samples);
        Assert.All(counts, c => Assert.Equal(1000, c));
        output.WriteLine(
            $"Fashion-MNIST t10k: 10000 samples read, decompressed, scaled to [0, 1] and batched (64, NCHW): first pass {cold.TotalMilliseconds:F0} ms " +
            $"(with JIT), second {watch.Elapsed.TotalMilliseconds:F0} ms ({10000 / watch.Elapsed.TotalSeconds:F0} samples/s).");
    }
}
