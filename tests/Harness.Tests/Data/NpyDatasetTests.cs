using Harness.Data;
using Harness.Onnx;

namespace Harness.Tests.Data;

public sealed class NpyDatasetTests
{
    private readonly string _scratch = TestAssets.NewScratchDirectory("npy");

    [Fact]
    public void Float32_samples_and_int64_labels_round_trip_through_npy()
    {
        var values = Enumerable.Range(0, 4 * 3).Select(i => i * 0.5f).ToArray();
        var data = DatasetFiles.WriteNpy(Path.Combine(_scratch, "x.npy"), values, [4, 3]);
        var labels = DatasetFiles.WriteNpy(Path.Combine(_scratch, "y.npy"), new long[] { 2, 0, 1, 2 }, [4]);

        var dataset = NpyDataset.FromNpy(data, labels, Preprocessing.Default, classCount: 3);
        var batch = Assert.Single(dataset.ReadBatches(batchSize: 4));

        Assert.Equal(LabelKind.Class, dataset.LabelKind);
        Assert.Equal([4L, 3], batch.Inputs[0].Shape);
        Assert.Equal(values, batch.Inputs[0].GetSpan<float>().ToArray());
        Assert.Equal([2, 0, 1, 2], batch.Samples.Select(s => s.Label.ClassIndex));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Npz_members_round_trip_stored_or_deflated(bool deflate)
    {
        var images = Enumerable.Range(0, 3 * 2 * 2).Select(i => (byte)(i * 20)).ToArray();
        var path = DatasetFiles.WriteNpz(
            Path.Combine(_scratch, "set.npz"), deflate, ("x", images, [3, 2, 2]), ("y", new long[] { 1, 0, 1 }, [3]));

        var dataset = NpyDataset.FromNpz(path, Preprocessing.UnitScale(), classCount: 2);
        var batches = dataset.ReadBatches(batchSize: 2).ToList();

        Assert.Equal([[2L, 1, 2, 2], [1L, 1, 2, 2]], batches.Select(b => b.Inputs[0].Shape));
        var scaled = batches.SelectMany(b => b.Inputs[0].GetSpan<float>().ToArray()).ToArray();
        Assert.All(images.Zip(scaled), pair => Assert.Equal(pair.First / 255f, pair.Second, 1e-6f));
        Assert.Equal([1, 0, 1], batches.SelectMany(b => b.Samples).Select(s => s.Label.ClassIndex));
        Assert.Equal("set.npz:x[2]", batches[1].Samples[0].Id);
    }

    [Fact]
    public void Float64_converts_and_raw_passthrough_keeps_int64()
    {
        var doubles = DatasetFiles.WriteNpy(Path.Combine(_scratch, "d.npy"), new[] { 1.5, -2.25, 3.0, 4.0 }, [2, 2]);
        var longs = DatasetFiles.WriteNpy(Path.Combine(_scratch, "l.npy"), new long[] { 7, -8, 9, 10 }, [2, 2]);

        var converted = Assert.Single(NpyDataset.FromNpy(doubles, null, Preprocessing.Default).ReadBatches(2));
        var raw = Assert.Single(NpyDataset.FromNpy(longs, null, Preprocessing.Raw).ReadBatches(2));

        Assert.Equal([1.5f, -2.25f, 3f, 4f], converted.Inputs[0].GetSpan<float>().ToArray());
        Assert.Equal(TensorElementType.Int64, raw.Inputs[0].ElementType);
        Assert.Equal([7L, -8, 9, 10], raw.Inputs[0].GetSpan<long>().ToArray());
        Assert.Equal(LabelKind.None, NpyDataset.FromNpy(longs, null, Preprocessing.Raw).LabelKind);
    }

    [Fact]
    public void Hwc_samples_can_be_laid_out_nchw_or_nhwc()
    {
        // One 1×2 RGB image: pixels (1,2,3) and (4,5,6).
        var path = DatasetFiles.WriteNpy(Path.Combine(_scratch, "rgb.npy"), new byte[] { 1, 2, 3, 4, 5, 6 }, [1, 1, 2, 3]);

        var nchw = Assert.Single(NpyDataset.FromNpy(path, null, Preprocessing.Default).ReadBatches(1));
        var nhwc = Assert.Single(NpyDataset.FromNpy(path, null, Preprocessing.Default with { Layout = TensorLayout.Nhwc }).ReadBatches(1));

        Assert.Equal([1L, 3, 1, 2], nchw.Inputs[0].Shape);
        Assert.Equal([1f, 4, 2, 5, 3, 6], nchw.Inputs[0].GetSpan<float>().ToArray());
        Assert.Equal([1L, 1, 2, 3], nhwc.Inputs[0].Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6], nhwc.Inputs[0].GetSpan<float>().ToArray());
    }
}
