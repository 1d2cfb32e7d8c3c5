using Harness.Data;
using Harness.Data.Shifts;

namespace Harness.Tests.Data.Shifts;

public sealed class ShiftedDatasetTests
{
    private static readonly int[] Ramp = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 160, 250];

    private readonly string _scratch = TestAssets.NewScratchDirectory("drift-dataset");

    [Fact]
    public void Keeps_the_inner_samples_labels_slices_count_and_preprocessing()
    {
        var inner = ShiftImages.Dataset(_scratch, 4, 3, 1, Ramp, Preprocessing.UnitScale(), count: 5);

        var shifted = new ShiftedDataset(inner, new ShiftSpec(ShiftKind.GaussianNoise, 0.05, 3));
        var batches = shifted.ReadBatches(2).ToList();

        Assert.Equal(inner.Name + "+noise(0.05)", shifted.Name);
        Assert.Equal((inner.Count, inner.Source, inner.LabelKind, inner.ClassCount), (shifted.Count, shifted.Source, shifted.LabelKind, shifted.ClassCount));
        Assert.Same(inner.Preprocessing, shifted.Preprocessing);
        Assert.Equal(inner.ReadBatches(2).SelectMany(b => b.Samples), batches.SelectMany(b => b.Samples));
        Assert.Equal([0, 1, 0, 1, 0], batches.SelectMany(b => b.Samples).Select(s => s.Label.ClassIndex));
        Assert.Equal(["0", "1", "2", "3", "4"], batches.SelectMany(b => b.Samples).Select(s => s.Slices["copy"]));
        Assert.Equal([[2L, 1, 3, 4], [2L, 1, 3, 4], [1L, 1, 3, 4]], batches.Select(b => b.Inputs[0].Shape));
        Assert.Equal(3, shifted.ReadBatches(1, limit: 3).Count());
    }

    [Fact]
    public void A_shift_means_the_same_whatever_the_normalisation()
    {
        // Noise is drawn in pixel space, so the normalised input is the normalised noisy image:
        // under (x/255 − 0.5)/0.5 each value is the default run's value mapped the same way.
        var shift = new ShiftSpec(ShiftKind.GaussianNoise, 0.1, 9);
        var paddle = new Preprocessing { Scale = 1f / 255f, Mean = [0.5f], Std = [0.5f] };

        var plain = ShiftImages.Shifted(_scratch, 4, 3, 1, Ramp, shift);
        var normalised = ShiftImages.Shifted(_scratch, 4, 3, 1, Ramp, shift, paddle);

        Assert.Equal(plain.Select(v => ((v / 255f) - 0.5f) / 0.5f), normalised, (a, b) => Math.Abs(a - b) < 1e-5f);
        Assert.NotEqual(Ramp.Select(v => (float)v), plain);
    }

    [Fact]
    public void The_shift_acts_before_the_resize()
    {
        // A 2×2 image stretched to 4×4, brightened: the same as the stretched image brightened,
        // because bilinear interpolation of values all moved by 25.5 moves them by 25.5.
        int[] image = [0, 60, 120, 180];
        var stretch = new Preprocessing { Resize = ResizeMode.Stretch, Height = 4, Width = 4 };

        var clean = ShiftImages.Inputs(ShiftImages.Dataset(_scratch, 2, 2, 1, image, stretch))[0];
        var brighter = ShiftImages.Shifted(_scratch, 2, 2, 1, image, new ShiftSpec(ShiftKind.Brightness, 0.1, 1), stretch);

        Assert.Equal(clean.Select(v => v + 25.5f), brighter);
    }

    [Fact]
    public void Shifted_datasets_stack_inner_first()
    {
        var inner = ShiftImages.Dataset(_scratch, 4, 3, 1, Ramp);
        var brighter = new ShiftedDataset(inner, new ShiftSpec(ShiftKind.Brightness, 0.1, 1));

        var both = new ShiftedDataset(brighter, new ShiftSpec(ShiftKind.Contrast, -0.5, 1));

        // Brightened (250 saturating at 255), then halved around the brightened image's mean.
        var bright = Ramp.Select(v => Math.Min(v + 25.5f, 255f)).ToArray();
        var mean = bright.Average();
        Assert.Equal(inner.Name + "+brightness(0.1)+contrast(-0.5)", both.Name);
        Assert.Equal(2, both.Shifts.Count);
        Assert.Equal(bright.Select(v => mean + ((v - mean) * 0.5f)), ShiftImages.Inputs(both)[0], (a, b) => Math.Abs(a - b) < 1e-4f);
    }

    [Fact]
    public void A_declared_range_sets_what_strength_is_a_fraction_of()
    {
        // Float images the default preprocessing reads as [0, 1]; declared [0, 100], brightness 0.1 adds 10.
        var npy = DatasetFiles.WriteNpy(Path.Combine(_scratch, "x.npy"), new[] { 0f, 50f, 95f, 100f }, [1, 2, 2]);
        var inner = NpyDataset.FromNpy(npy, null, Preprocessing.Default);

        var shifted = new ShiftedDataset(inner, new ShiftSpec(ShiftKind.Brightness, 0.1, 1), new PixelRange(0, 100));

        Assert.Equal([10f, 60f, 100f, 100f], ShiftImages.Inputs(shifted)[0]);
    }

    [Fact]
    public void Geometric_shifts_of_a_plain_tensor_name_the_sample()
    {
        var npy = DatasetFiles.WriteNpy(Path.Combine(_scratch, "v.npy"), new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var inner = NpyDataset.FromNpy(npy, null, Preprocessing.Default);

        var noisy = ShiftImages.Inputs(new ShiftedDataset(inner, new ShiftSpec(ShiftKind.GaussianNoise, 0.1, 1)));
        var error = Assert.Throws<DatasetException>(() => ShiftImages.Inputs(new ShiftedDataset(inner, new ShiftSpec(ShiftKind.Occlusion, 0.1, 1))));

        Assert.Equal(2, noisy.Length);
        Assert.Contains("v.npy[0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("not an image, so occlusion has no rows and columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_or_opaque_datasets_and_an_impossible_pad_fill_are_refused()
    {
        var colour = ShiftImages.Dataset(_scratch, 2, 1, 3, [1, 2, 3, 4, 5, 6], new Preprocessing { Mean = [0.4f, 0.5f, 0.6f] });

        var raw = Assert.Throws<ArgumentException>(() => new ShiftedDataset(new OpaqueDataset(Preprocessing.Raw), new ShiftSpec(ShiftKind.Brightness, 0.1, 1)));
        var opaque = Assert.Throws<ArgumentException>(() => new ShiftedDataset(new OpaqueDataset(Preprocessing.Default), new ShiftSpec(ShiftKind.Brightness, 0.1, 1)));
        var pad = Assert.Throws<ArgumentException>(() => new ShiftedDataset(colour, new ShiftSpec(ShiftKind.Occlusion, 0.1, 1) { Fill = ShiftFill.Pad }));

        Assert.Contains("raw preprocessing", raw.Message, StringComparison.Ordinal);
        Assert.Contains("does not hand over its stored samples", opaque.Message, StringComparison.Ordinal);
        Assert.Contains("occlusion(0.1, pad) fills with the pad value", pad.Message, StringComparison.Ordinal);
        Assert.NotNull(new ShiftedDataset(colour, new ShiftSpec(ShiftKind.Occlusion, 0.1, 1)));
    }

    /// <summary>A dataset from outside the harness: it can only be read preprocessed.</summary>
    private sealed class OpaqueDataset(Preprocessing preprocessing) : IDataset
    {
        public string Name => "opaque";

        public string Source => "memory";

        public int Count => 1;

        public LabelKind LabelKind => LabelKind.None;

        public int? ClassCount => null;

        public Preprocessing Preprocessing => preprocessing;

        public IEnumerable<SampleBatch> ReadBatches(int batchSize, int limit = int.MaxValue) => [];
    }
}
