using Harness.Data;
using Harness.Data.Shifts;

namespace Harness.Tests.Data.Shifts;

/// <summary>Each shift on small hand-made images, read back through a shifted Netpbm or NumPy dataset: the exact pixels.</summary>
public sealed class ShiftPixelTests
{
    // 5×4 grey: a 2×2 dark object on a background of 200.
    private static readonly int[] Object =
    [
        200, 200, 200, 200, 200,
        200, 10, 20, 200, 200,
        200, 30, 40, 200, 200,
        200, 200, 200, 200, 200,
    ];

    // 4×3 grey, mean 960 / 12 = 80.
    private static readonly int[] Ramp = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 160, 250];

    private readonly string _scratch = TestAssets.NewScratchDirectory("drift-pixels");

    [Fact]
    public void Brightness_adds_strength_times_the_range_and_clamps()
    {
        var brighter = ShiftImages.Shifted(_scratch, 4, 3, 1, Ramp, new ShiftSpec(ShiftKind.Brightness, 0.1, 1));
        var darker = ShiftImages.Shifted(_scratch, 4, 3, 1, Ramp, new ShiftSpec(ShiftKind.Brightness, -0.2, 1));

        // 8-bit: the range is [0, 255], so 0.1 adds 25.5 and 250 saturates at 255.
        Assert.Equal([35.5f, 45.5f, 55.5f, 65.5f, 75.5f, 85.5f, 95.5f, 105.5f, 115.5f, 125.5f, 185.5f, 255f], brighter);
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 9f, 19f, 29f, 39f, 49f, 109f, 199f], darker);
    }

    [Fact]
    public void Contrast_scales_around_the_image_mean_and_clamps()
    {
        var stronger = ShiftImages.Shifted(_scratch, 4, 3, 1, Ramp, new ShiftSpec(ShiftKind.Contrast, 1, 1));
        var weaker = ShiftImages.Shifted(_scratch, 4, 3, 1, Ramp, new ShiftSpec(ShiftKind.Contrast, -0.5, 1));
        var flat = ShiftImages.Shifted(_scratch, 4, 3, 1, Ramp, new ShiftSpec(ShiftKind.Contrast, -1, 1));

        // 80 + 2(x − 80): 10 → −60 and 250 → 420 clamp to the range; 80 + (x − 80)/2 needs no clamping.
        Assert.Equal([0f, 0f, 0f, 0f, 20f, 40f, 60f, 80f, 100f, 120f, 240f, 255f], stronger);
        Assert.Equal([45f, 50f, 55f, 60f, 65f, 70f, 75f, 80f, 85f, 90f, 120f, 165f], weaker);
        Assert.All(flat, v => Assert.Equal(80f, v));
    }

    [Fact]
    public void Contrast_uses_one_mean_for_all_channels()
    {
        // 2×1 RGB: red (200, 0, 0) and black; the mean over all six values is 200/6.
        var shifted = ShiftImages.Shifted(_scratch, 2, 1, 3, [200, 0, 0, 0, 0, 0], new ShiftSpec(ShiftKind.Contrast, -1, 1));

        Assert.All(shifted, v => Assert.Equal(200f / 6, v, 4));
    }

    [Fact]
    public void Translation_moves_right_and_down_and_fills_with_the_background()
    {
        // 0.2 of 5×4 is (1, 0.8) pixels, rounded to (1, 1); the border is all 200.
        var shifted = ShiftImages.Shifted(_scratch, 5, 4, 1, Object, new ShiftSpec(ShiftKind.Translation, 0.2, 1));

        Assert.Equal(
            [
                200f, 200, 200, 200, 200,
                200, 200, 200, 200, 200,
                200, 200, 10, 20, 200,
                200, 200, 30, 40, 200,
            ],
            shifted);
    }

    [Fact]
    public void Negative_translation_moves_left_and_up()
    {
        var shifted = ShiftImages.Shifted(_scratch, 5, 4, 1, Object, new ShiftSpec(ShiftKind.Translation, -0.2, 1));

        Assert.Equal(
            [
                10f, 20, 200, 200, 200,
                30, 40, 200, 200, 200,
                200, 200, 200, 200, 200,
                200, 200, 200, 200, 200,
            ],
            shifted);
    }

    [Fact]
    public void Translation_can_fill_with_the_mean_or_what_normalises_to_the_pad_value()
    {
        // Mean (16 · 200 + 100) / 20 = 165.
        var mean = ShiftImages.Shifted(_scratch, 5, 4, 1, Object, new ShiftSpec(ShiftKind.Translation, 0.2, 1) { Fill = ShiftFill.Mean });
        var paddle = new Preprocessing { Scale = 1f / 255f, Mean = [0.5f], Std = [0.5f], PadValue = -0.25f };
        var pad = ShiftImages.Shifted(_scratch, 5, 4, 1, Object, new ShiftSpec(ShiftKind.Translation, 0.2, 1) { Fill = ShiftFill.Pad }, paddle);

        Assert.Equal([165f, 165, 165, 165, 165, 165, 200, 200, 200, 200], mean[..10]);
        Assert.Equal(10f, mean[12]);

        // The uncovered row and column read as the model's padding, exactly the declared pad value.
        Assert.All(pad[..6], v => Assert.Equal(-0.25f, v, 5));
        Assert.Equal(((10f / 255f) - 0.5f) / 0.5f, pad[12], 5);
    }

    [Fact]
    public void Translation_of_colour_images_is_the_same_interleaved_and_planar()
    {
        // 3×2 RGB: 1/3 of the width and height is (1, 0.67) → (1, 1) pixels. Every pixel is on the
        // border, so the background is each channel's mean: 8.5, 9.5, 10.5.
        int[] rgb = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
        var shift = new ShiftSpec(ShiftKind.Translation, 1.0 / 3, 1);
        var interleaved = ShiftImages.Shifted(_scratch, 3, 2, 3, rgb, shift);

        // The same image stored planar, [1, 3, 2, 3] float32, declared CHW.
        var planar = new float[18];
        for (var i = 0; i < 6; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                planar[(c * 6) + i] = rgb[(i * 3) + c];
            }
        }

        var npy = DatasetFiles.WriteNpy(Path.Combine(_scratch, "chw.npy"), planar, [1, 3, 2, 3]);
        var fromPlanes = ShiftImages.Inputs(new ShiftedDataset(NpyDataset.FromNpy(npy, null, Preprocessing.Default, layout: SampleLayout.Chw), shift))[0];

        float[] expected =
        [
            8.5f, 8.5f, 8.5f, 8.5f, 1, 4,
            9.5f, 9.5f, 9.5f, 9.5f, 2, 5,
            10.5f, 10.5f, 10.5f, 10.5f, 3, 6,
        ];
        Assert.Equal(expected, interleaved);
        Assert.Equal(expected, fromPlanes);
    }

    [Fact]
    public void A_full_translation_leaves_only_the_fill()
    {
        var shifted = ShiftImages.Shifted(_scratch, 5, 4, 1, Object, new ShiftSpec(ShiftKind.Translation, 1, 1));

        Assert.All(shifted, v => Assert.Equal(200f, v));
    }

    [Fact]
    public void Occlusion_covers_a_seeded_rectangle_of_the_asked_area_with_the_mean()
    {
        // 10×10 ramp 1..100 (mean 50.5, which no pixel has); 0.25 of the area is a 5×5 square.
        var ramp = Enumerable.Range(1, 100).ToArray();
        var dataset = new ShiftedDataset(ShiftImages.Dataset(_scratch, 10, 10, 1, ramp, count: 4), new ShiftSpec(ShiftKind.Occlusion, 0.25, 7));

        var images = ShiftImages.Inputs(dataset);
        var again = ShiftImages.Inputs(dataset, batchSize: 3);

        var corners = new List<(int X, int Y)>();
        foreach (var image in images)
        {
            var covered = Enumerable.Range(0, 100).Where(i => image[i] == 50.5f).ToList();
            Assert.Equal(25, covered.Count);
            int left = covered.Min(i => i % 10), top = covered.Min(i => i / 10);
            Assert.Equal(covered, Enumerable.Range(0, 25).Select(k => ((top + (k / 5)) * 10) + left + (k % 5)));
            Assert.All(Enumerable.Range(0, 100).Except(covered), i => Assert.Equal(i + 1f, image[i]));
            corners.Add((left, top));
        }

        // Seeded per sample: other samples land elsewhere, the same sample in the same place on every read.
        Assert.True(corners.Distinct().Count() > 1, string.Join(" ", corners));
        Assert.Equal(images, again);
    }

    [Fact]
    public void Occlusion_of_everything_is_the_fill_and_of_almost_nothing_is_nothing()
    {
        var full = ShiftImages.Shifted(_scratch, 4, 3, 1, Ramp, new ShiftSpec(ShiftKind.Occlusion, 1, 1));
        var tiny = ShiftImages.Shifted(_scratch, 4, 3, 1, Ramp, new ShiftSpec(ShiftKind.Occlusion, 0.01, 1));

        Assert.All(full, v => Assert.Equal(80f, v));
        Assert.Equal(Ramp.Select(v => (float)v), tiny);
    }

    [Theory]
    [InlineData(300, 48, 0.2)]
    [InlineData(28, 28, 0.1)]
    [InlineData(192, 48, 0.5)]
    [InlineData(7, 3, 0.33)]
    public void The_occluded_area_is_as_close_to_the_strength_as_whole_pixels_allow(int width, int height, double strength)
    {
        var random = new SeededRandom(3);
        var (x, y, w, h) = ShiftTransform.OcclusionRectangle(width, height, strength, random);

        // Width is the area over the height, rounded: off by at most half a column of h pixels.
        Assert.InRange(w * h, (strength * width * height) - (h / 2.0), (strength * width * height) + (h / 2.0));
        Assert.InRange(x, 0, width - w);
        Assert.InRange(y, 0, height - h);
    }

    [Fact]
    public void Noise_has_mean_zero_and_the_asked_deviation_over_a_large_image()
    {
        // 256×256 of 128: strength 0.05 is σ = 12.75 grey levels, 10σ from either end, so nothing clamps.
        var flat = Enumerable.Repeat(128, 256 * 256).ToArray();
        var noisy = ShiftImages.Shifted(_scratch, 256, 256, 1, flat, new ShiftSpec(ShiftKind.GaussianNoise, 0.05, 11));

        var deviations = noisy.Select(v => v - 128.0).ToArray();
        var mean = deviations.Average();
        var std = Math.Sqrt(deviations.Sum(d => (d - mean) * (d - mean)) / (deviations.Length - 1));

        // Standard error of the mean 12.75/256 ≈ 0.05, of the deviation ≈ 0.035: bounds at ~4 standard errors.
        Assert.InRange(mean, -0.2, 0.2);
        Assert.InRange(std, 12.75 - 0.15, 12.75 + 0.15);
        var beyondTwoSigma = deviations.Count(d => Math.Abs(d) > 2 * 12.75) / (double)deviations.Length;
        Assert.InRange(beyondTwoSigma, 0.0455 - 0.004, 0.0455 + 0.004);
    }

    [Fact]
    public void Noise_repeats_for_a_seed_and_sample_and_differs_otherwise()
    {
        var image = Enumerable.Repeat(128, 16 * 16).ToArray();
        var inner = ShiftImages.Dataset(_scratch, 16, 16, 1, image, count: 2);

        var first = ShiftImages.Inputs(new ShiftedDataset(inner, new ShiftSpec(ShiftKind.GaussianNoise, 0.1, 5)));
        var second = ShiftImages.Inputs(new ShiftedDataset(inner, new ShiftSpec(ShiftKind.GaussianNoise, 0.1, 5)), batchSize: 2);
        var otherSeed = ShiftImages.Inputs(new ShiftedDataset(inner, new ShiftSpec(ShiftKind.GaussianNoise, 0.1, 6)));

        Assert.Equal(first, second);
        Assert.NotEqual(first[0], first[1]);
        Assert.NotEqual(first[0], otherSeed[0]);
    }

    [Fact]
    public void Noise_is_clamped_to_the_range()
    {
        var white = Enumerable.Repeat(255, 32 * 32).ToArray();

        var noisy = ShiftImages.Shifted(_scratch, 32, 32, 1, white, new ShiftSpec(ShiftKind.GaussianNoise, 0.2, 1));

        Assert.All(noisy, v => Assert.InRange(v, 0f, 255f));
        Assert.InRange(noisy.Count(v => v == 255f), 400, 624);
    }

    [Theory]
    [InlineData(ShiftKind.GaussianNoise)]
    [InlineData(ShiftKind.Brightness)]
    [InlineData(ShiftKind.Contrast)]
    [InlineData(ShiftKind.Translation)]
    [InlineData(ShiftKind.Occlusion)]
    public void Strength_zero_is_the_identity_even_outside_the_range(ShiftKind kind)
    {
        // float32 with the default scale implies [0, 1]; these values lie outside it and must not be clamped.
        var values = new[] { -3f, 0.5f, 7f, 2f, 0f, 9f };
        var npy = DatasetFiles.WriteNpy(Path.Combine(_scratch, $"{kind}.npy"), values, [1, 2, 3]);
        var inner = NpyDataset.FromNpy(npy, null, Preprocessing.Default, layout: SampleLayout.Hw);

        var shifted = ShiftImages.Inputs(new ShiftedDataset(inner, new ShiftSpec(kind, 0, 1)));

        Assert.Equal(ShiftImages.Inputs(inner), shifted);
        Assert.Equal(values, shifted[0]);
    }
}
