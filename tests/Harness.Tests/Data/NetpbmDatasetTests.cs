using Harness.Data;

namespace Harness.Tests.Data;

public sealed class NetpbmDatasetTests
{
    private readonly string _scratch = TestAssets.NewScratchDirectory("netpbm");

    [Theory]
    [InlineData(1, true)]
    [InlineData(1, false)]
    [InlineData(3, true)]
    [InlineData(3, false)]
    public void P2_P5_P3_P6_decode_to_the_same_pixels(int channels, bool ascii)
    {
        // 3×2 image; each sample distinct so order mistakes show.
        var samples = Enumerable.Range(0, 3 * 2 * channels).Select(i => (i * 37) % 256).ToArray();
        DatasetFiles.WritePnm(Path.Combine(_scratch, "a.pnm"), 3, 2, channels, samples, ascii, comment: "made by a test");
        File.WriteAllText(Path.Combine(_scratch, "labels.txt"), "1\n");

        var batch = Assert.Single(new NetpbmDataset(_scratch, Preprocessing.Default with { Layout = TensorLayout.Nhwc }).ReadBatches(1));

        Assert.Equal([1L, 2, 3, channels], batch.Inputs[0].Shape);
        Assert.Equal(samples.Select(s => (float)s), batch.Inputs[0].GetSpan<float>().ToArray());
        Assert.Equal(1, batch.Samples[0].Label.ClassIndex);
    }

    [Theory]
    [InlineData(65535, false)]
    [InlineData(65535, true)]
    [InlineData(15, false)]
    public void Other_maxvals_are_rescaled_to_0_255(int maxValue, bool ascii)
    {
        DatasetFiles.WritePnm(Path.Combine(_scratch, "a.pgm"), 2, 1, 1, [0, maxValue], ascii, maxValue);
        File.WriteAllText(Path.Combine(_scratch, "labels.txt"), "0\n");

        var batch = Assert.Single(new NetpbmDataset(_scratch, Preprocessing.Default).ReadBatches(1));

        Assert.Equal([0f, 255f], batch.Inputs[0].GetSpan<float>().ToArray());
    }

    [Fact]
    public void Labels_txt_matches_images_in_file_name_order()
    {
        foreach (var (name, value) in new[] { ("b.pgm", 20), ("a.pgm", 10), ("c.ppm", 30) })
        {
            var channels = name.EndsWith(".ppm", StringComparison.Ordinal) ? 3 : 1;
            DatasetFiles.WritePnm(Path.Combine(_scratch, name), 1, 1, channels, Enumerable.Repeat(value, channels).ToArray(), ascii: false);
        }

        File.WriteAllText(Path.Combine(_scratch, "labels.txt"), "0\n1\n2\n");

        var dataset = new NetpbmDataset(_scratch, Preprocessing.Default with { Channels = 1 }, classCount: 3);
        var batch = Assert.Single(dataset.ReadBatches(3));

        Assert.Equal(["a.pgm", "b.pgm", "c.ppm"], batch.Samples.Select(s => s.Id));
        Assert.Equal([0, 1, 2], batch.Samples.Select(s => s.Label.ClassIndex));
        Assert.Equal([10f, 20f, 30f], batch.Inputs[0].GetSpan<float>().ToArray(), new ToleranceComparer(1e-4f));
    }

    [Fact]
    public void Labels_tsv_gives_text_labels_slices_and_order()
    {
        DatasetFiles.WritePnm(Path.Combine(_scratch, "x.pgm"), 1, 1, 1, [1], ascii: true);
        DatasetFiles.WritePnm(Path.Combine(_scratch, "y.pgm"), 1, 1, 1, [2], ascii: false);
        File.WriteAllText(Path.Combine(_scratch, "labels.tsv"), "# file\ttext\ny.pgm\tHello, World!\tfont=Serif\tsize=12\nx.pgm\tv1.2 = ok\n");

        var dataset = new NetpbmDataset(_scratch, Preprocessing.Default, LabelKind.Text);
        var batch = Assert.Single(dataset.ReadBatches(2));

        Assert.Equal(["y.pgm", "x.pgm"], batch.Samples.Select(s => s.Id));
        Assert.Equal(["Hello, World!", "v1.2 = ok"], batch.Samples.Select(s => s.Label.Text));
        Assert.Equal("Serif", batch.Samples[0].Slices["font"]);
        Assert.Equal("12", batch.Samples[0].Slices["size"]);
        Assert.Empty(batch.Samples[1].Slices);
        Assert.Equal([2f, 1f], batch.Inputs[0].GetSpan<float>().ToArray());
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
