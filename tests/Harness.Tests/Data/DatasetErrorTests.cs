using Harness.Data;

namespace Harness.Tests.Data;

/// <summary>Every way a user's data can be wrong ends in one <see cref="DatasetException"/> that names the file and, where there is one, the sample.</summary>
public sealed class DatasetErrorTests
{
    private readonly string _scratch = TestAssets.NewScratchDirectory("dataset-errors");

    [Fact]
    public void A_missing_file_is_named()
    {
        var labels = DatasetFiles.WriteIdx(Path.Combine(_scratch, "labels.gz"), [1], [1]);
        var missing = Path.Combine(_scratch, "nope-images.gz");

        var idx = Assert.Throws<DatasetException>(() => new IdxDataset(missing, labels, Preprocessing.Default));
        var npy = Assert.Throws<DatasetException>(() => NpyDataset.FromNpy(Path.Combine(_scratch, "nope.npy"), null, Preprocessing.Default));
        var folder = Assert.Throws<DatasetException>(() => new NetpbmDataset(Path.Combine(_scratch, "nope"), Preprocessing.Default));

        Assert.Equal(missing, idx.Path);
        Assert.Contains("nope-images.gz does not exist", idx.Message, StringComparison.Ordinal);
        Assert.Contains("nope.npy does not exist", npy.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", folder.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_named_by_labels_tsv_but_missing_is_named()
    {
        DatasetFiles.WritePnm(Path.Combine(_scratch, "a.pgm"), 1, 1, 1, [0], ascii: false);
        File.WriteAllText(Path.Combine(_scratch, "labels.tsv"), "a.pgm\t0\ngone.pgm\t1\n");

        var error = Assert.Throws<DatasetException>(() => new NetpbmDataset(_scratch, Preprocessing.Default));

        Assert.Equal("gone.pgm", error.SampleId);
        Assert.Contains("line 2 names gone.pgm, which does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_dataset_is_refused()
    {
        var images = DatasetFiles.WriteIdx(Path.Combine(_scratch, "images.gz"), [], [0, 28, 28]);
        var labels = DatasetFiles.WriteIdx(Path.Combine(_scratch, "labels.gz"), [], [0]);
        var npy = DatasetFiles.WriteNpy(Path.Combine(_scratch, "empty.npy"), Array.Empty<float>(), [0, 3]);
        var folder = Directory.CreateDirectory(Path.Combine(_scratch, "images")).FullName;
        File.WriteAllText(Path.Combine(folder, "labels.txt"), string.Empty);

        Assert.Contains("the dataset is empty", Assert.Throws<DatasetException>(() => new IdxDataset(images, labels, Preprocessing.Default)).Message, StringComparison.Ordinal);
        Assert.Contains("the dataset is empty", Assert.Throws<DatasetException>(() => NpyDataset.FromNpy(npy, null, Preprocessing.Default)).Message, StringComparison.Ordinal);
        Assert.Contains("the dataset is empty", Assert.Throws<DatasetException>(() => new NetpbmDataset(folder, Preprocessing.Default)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_labels_file_with_fewer_lines_than_images_names_the_first_unlabelled_image()
    {
        foreach (var name in new[] { "a.pgm", "b.pgm", "c.pgm" })
        {
            DatasetFiles.WritePnm(Path.Combine(_scratch, name), 1, 1, 1, [0], ascii: false);
        }

        File.WriteAllText(Path.Combine(_scratch, "labels.txt"), "0\n1\n");

        var error = Assert.Throws<DatasetException>(() => new NetpbmDataset(_scratch, Preprocessing.Default));

        Assert.Equal(Path.Combine(_scratch, "labels.txt"), error.Path);
        Assert.Equal("c.pgm", error.SampleId);
        Assert.Contains("has 2 labels for 3 images; c.pgm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_idx_label_file_shorter_than_its_images_is_refused()
    {
        var images = DatasetFiles.WriteIdx(Path.Combine(_scratch, "images.gz"), new byte[3 * 4], [3, 2, 2]);
        var labels = DatasetFiles.WriteIdx(Path.Combine(_scratch, "labels.gz"), [1, 2], [2]);

        var error = Assert.Throws<DatasetException>(() => new IdxDataset(images, labels, Preprocessing.Default));

        Assert.Contains("has 2 labels for the 3 images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_out_of_range_names_the_sample()
    {
        var images = DatasetFiles.WriteIdx(Path.Combine(_scratch, "images.gz"), new byte[3 * 4], [3, 2, 2]);
        var labels = DatasetFiles.WriteIdx(Path.Combine(_scratch, "labels.gz"), [1, 12, 2], [3]);
        DatasetFiles.WritePnm(Path.Combine(_scratch, "a.pgm"), 1, 1, 1, [0], ascii: false);
        File.WriteAllText(Path.Combine(_scratch, "labels.txt"), "5\n");

        var idx = Assert.Throws<DatasetException>(() => new IdxDataset(images, labels, Preprocessing.Default, classCount: 10).ReadBatches(2).ToList());
        var netpbm = Assert.Throws<DatasetException>(() => new NetpbmDataset(_scratch, Preprocessing.Default, classCount: 3));

        Assert.Equal("images.gz[1]", idx.SampleId);
        Assert.Contains("has label 12, outside the 10 classes [0, 9]", idx.Message, StringComparison.Ordinal);
        Assert.Equal("a.pgm", netpbm.SampleId);
        Assert.Contains("has label 5, outside the 3 classes [0, 2]", netpbm.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_numeric_class_label_names_its_line()
    {
        DatasetFiles.WritePnm(Path.Combine(_scratch, "a.pgm"), 1, 1, 1, [0], ascii: false);
        File.WriteAllText(Path.Combine(_scratch, "labels.txt"), "cat\n");

        var error = Assert.Throws<DatasetException>(() => new NetpbmDataset(_scratch, Preprocessing.Default));

        Assert.Contains("line 1: label 'cat' of a.pgm is not a class index", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_idx_file_names_the_sample_it_stops_at()
    {
        var images = DatasetFiles.WriteIdx(Path.Combine(_scratch, "images.gz"), new byte[2 * 4], [3, 2, 2]);
        var labels = DatasetFiles.WriteIdx(Path.Combine(_scratch, "labels.gz"), [0, 0, 0], [3]);

        var error = Assert.Throws<DatasetException>(() => new IdxDataset(images, labels, Preprocessing.Default).ReadBatches(3).ToList());

        Assert.Contains("images.gz: ends before sample 2 of the 3 it declares", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fortran_order_npy_is_refused_with_the_fix()
    {
        var path = DatasetFiles.WriteNpy(Path.Combine(_scratch, "f.npy"), new float[4], [2, 2], fortranOrder: true);

        var error = Assert.Throws<DatasetException>(() => NpyDataset.FromNpy(path, null, Preprocessing.Default));

        Assert.Contains("f.npy: stores its array in Fortran (column-major) order", error.Message, StringComparison.Ordinal);
        Assert.Contains("ascontiguousarray", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_npz_without_the_named_array_lists_what_it_has()
    {
        var path = DatasetFiles.WriteNpz(Path.Combine(_scratch, "a.npz"), false, ("images", new float[2], [2, 1]));

        var error = Assert.Throws<DatasetException>(() => NpyDataset.FromNpz(path, Preprocessing.Default));

        Assert.Contains("has no array 'x'; it holds [images]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_netpbm_files_are_named()
    {
        File.WriteAllBytes(Path.Combine(_scratch, "a.pgm"), "P5\n4 4\n255\nab"u8.ToArray());
        File.WriteAllBytes(Path.Combine(_scratch, "b.pgm"), "GIF89a"u8.ToArray());
        File.WriteAllText(Path.Combine(_scratch, "truncated.tsv"), "a.pgm\t0\n");
        File.WriteAllText(Path.Combine(_scratch, "other.tsv"), "b.pgm\t0\n");

        var truncated = Assert.Throws<DatasetException>(
            () => new NetpbmDataset(_scratch, Preprocessing.Default, labelsFile: Path.Combine(_scratch, "truncated.tsv")).ReadBatches(1).ToList());
        var notNetpbm = Assert.Throws<DatasetException>(
            () => new NetpbmDataset(_scratch, Preprocessing.Default, labelsFile: Path.Combine(_scratch, "other.tsv")).ReadBatches(1).ToList());

        Assert.Contains("a.pgm: is truncated: 4×4×1 samples need 16 bytes of pixels, the file has 2", truncated.Message, StringComparison.Ordinal);
        Assert.Contains("b.pgm: is not a Netpbm image", notNetpbm.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_of_different_sizes_in_one_batch_need_a_resize()
    {
        DatasetFiles.WritePnm(Path.Combine(_scratch, "a.pgm"), 2, 2, 1, new int[4], ascii: false);
        DatasetFiles.WritePnm(Path.Combine(_scratch, "b.pgm"), 3, 2, 1, new int[6], ascii: false);
        File.WriteAllText(Path.Combine(_scratch, "labels.txt"), "0\n0\n");

        var error = Assert.Throws<DatasetException>(() => new NetpbmDataset(_scratch, Preprocessing.Default).ReadBatches(2).ToList());
        var resized = new NetpbmDataset(_scratch, Preprocessing.Default with { Resize = ResizeMode.Stretch, Height = 2, Width = 2 }).ReadBatches(2).ToList();

        Assert.Equal("b.pgm", error.SampleId);
        Assert.Contains("is [1, 2, 3] after preprocessing, but a.pgm in the same batch is [1, 2, 2]", error.Message, StringComparison.Ordinal);
        Assert.Equal([2L, 1, 2, 2], Assert.Single(resized).Inputs[0].Shape);
    }

    [Fact]
    public void Contradictory_preprocessing_is_refused_up_front()
    {
        var path = DatasetFiles.WriteNpy(Path.Combine(_scratch, "a.npy"), new float[4], [1, 2, 2]);

        Assert.Throws<ArgumentException>(() => NpyDataset.FromNpy(path, null, Preprocessing.Default with { Resize = ResizeMode.Stretch }));
        Assert.Throws<ArgumentException>(() => NpyDataset.FromNpy(path, null, Preprocessing.Raw with { Scale = 2 }));
        var channels = Assert.Throws<DatasetException>(() => NpyDataset.FromNpy(path, null, Preprocessing.Default with { Mean = [1, 2, 3] }).ReadBatches(1).ToList());
        Assert.Contains("Mean has 3 values", channels.Message, StringComparison.Ordinal);
    }
}
