using Harness.Data;
using Harness.Data.Ocr;

namespace Harness.Tests.Data;

public sealed class PreprocessingTests
{
    private readonly string _scratch = TestAssets.NewScratchDirectory("preprocessing");

    [Fact]
    public void Scale_mean_and_std_apply_per_channel()
    {
        var p = new Preprocessing { Scale = 1f / 255f, Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f] };

        var (shape, values) = Run(new float[] { 255, 0, 128 }, [1, 1, 3], p);

        Assert.Equal([1L, 3, 1, 1], shape);
        AssertClose([(1f - 0.485f) / 0.229f, (0f - 0.456f) / 0.224f, ((128f / 255f) - 0.406f) / 0.225f], values);
    }

    [Fact]
    public void Bilinear_upscale_matches_OpenCV_INTER_LINEAR()
    {
        var p = new Preprocessing { Resize = ResizeMode.Stretch, Height = 4, Width = 4 };

        var (shape, values) = Run(new float[] { 0, 10, 20, 30 }, [2, 2], p);

        // cv2.resize(np.array([[0, 10], [20, 30]], np.float32), (4, 4)): half-pixel centres, edges clamped.
        Assert.Equal([1L, 1, 4, 4], shape);
        AssertClose([0, 2.5f, 7.5f, 10, 5, 7.5f, 12.5f, 15, 15, 17.5f, 22.5f, 25, 20, 22.5f, 27.5f, 30], values);
    }

    [Fact]
    public void Bilinear_downscale_samples_between_source_pixels()
    {
        var p = new Preprocessing { Resize = ResizeMode.Stretch, Height = 1, Width = 2 };

        var (_, values) = Run(new float[] { 0, 10, 20, 30 }, [1, 4], p);

        AssertClose([5, 25], values);
    }

    [Fact]
    public void Fit_height_keeps_the_aspect_ratio_and_pads_right()
    {
        var p = new Preprocessing { Resize = ResizeMode.FitHeightPadRight, Height = 4, Width = 10, PadValue = -9 };

        var (shape, values) = Run(Enumerable.Repeat(7f, 2 * 4).ToArray(), [2, 4], p);
        var (_, capped) = Run(Enumerable.Repeat(7f, 2 * 12).ToArray(), [2, 12], p);

        Assert.Equal([1L, 1, 4, 10], shape);
        for (var y = 0; y < 4; y++)
        {
            // ceil(4 · 4/2) = 8 columns of content, 2 of padding.
            AssertClose([7, 7, 7, 7, 7, 7, 7, 7, -9, -9], values.AsSpan(y * 10, 10).ToArray());
            AssertClose(Enumerable.Repeat(7f, 10).ToArray(), capped.AsSpan(y * 10, 10).ToArray());
        }
    }

    [Fact]
    public void Fit_height_to_batch_pads_every_line_to_the_widest_of_its_batch()
    {
        // Three lines 2 px high: 3, 8 and 1 px wide; at height 4 they become 6, 16 and 2 wide, at least 5.
        var folder = Directory.CreateDirectory(Path.Combine(_scratch, "lines")).FullName;
        foreach (var (name, width) in new[] { ("a.pgm", 3), ("b.pgm", 8), ("c.pgm", 1) })
        {
            DatasetFiles.WritePnm(Path.Combine(folder, name), width, 2, 1, Enumerable.Repeat(255, width * 2).ToArray(), ascii: false);
        }

        File.WriteAllText(Path.Combine(folder, "labels.txt"), "0\n0\n0\n");
        var p = new Preprocessing { Resize = ResizeMode.FitHeightPadToBatch, Height = 4, Width = 5, Scale = 1f / 255f, PadValue = -1 };

        var batches = new NetpbmDataset(folder, p).ReadBatches(2).ToList();

        Assert.Equal([2L, 1, 4, 16], batches[0].Inputs[0].Shape);
        Assert.Equal([1L, 1, 4, 5], batches[1].Inputs[0].Shape);
        var first = batches[0].Inputs[0].GetSpan<float>().ToArray();
        AssertClose([1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1], first[..16]);
        AssertClose(Enumerable.Repeat(1f, 16).ToArray(), first[64..80]);
        AssertClose([1, 1, -1, -1, -1], batches[1].Inputs[0].GetSpan<float>()[..5].ToArray());
    }

    [Fact]
    public void Fit_pad_fits_inside_and_pads_right_and_bottom()
    {
        var p = new Preprocessing { Resize = ResizeMode.FitPad, Height = 2, Width = 2, PadValue = -1 };

        var (_, values) = Run(new float[] { 1, 1, 1, 1, 3, 3, 3, 3 }, [4, 2], p);

        // 4×2 (h×w) into 2×2: scale 0.5, content 2 rows × 1 column.
        AssertClose([1, -1, 3, -1], values);
    }

    [Fact]
    public void Grey_becomes_three_channels_and_rgb_reverses_to_bgr()
    {
        var (greyShape, grey) = Run(new float[] { 5, 6 }, [1, 2], new Preprocessing { Channels = 3 });
        var (_, bgr) = Run(new float[] { 10, 20, 30 }, [1, 1, 3], new Preprocessing { ReverseChannels = true });
        var (_, luma) = Run(new float[] { 100, 200, 50 }, [1, 1, 3], new Preprocessing { Channels = 1 });

        Assert.Equal([1L, 3, 1, 2], greyShape);
        AssertClose([5, 6, 5, 6, 5, 6], grey);
        AssertClose([30, 20, 10], bgr);
        AssertClose([(0.299f * 100) + (0.587f * 200) + (0.114f * 50)], luma);
    }

    [Fact]
    public void Flat_layout_is_one_vector_per_sample_in_chw_order()
    {
        var (shape, values) = Run(new float[] { 1, 2, 3, 4, 5, 6 }, [1, 2, 3], new Preprocessing { Layout = TensorLayout.Flat });

        Assert.Equal([1L, 6], shape);
        AssertClose([1, 4, 2, 5, 3, 6], values);
    }

    [Fact]
    public void PaddleOCR_recognizer_input_is_bgr_48_high_in_minus_one_to_one_padded_with_zero()
    {
        // A 24×48 (h×w) half-black, half-white grey line: twice as wide as high.
        var image = new float[24 * 48];
        for (var y = 0; y < 24; y++)
        {
            for (var x = 24; x < 48; x++)
            {
                image[(y * 48) + x] = 255;
            }
        }

        var (shape, values) = Run(image, [24, 48], PaddleOcrPreprocessing.RecognizerFixedWidth());

        Assert.Equal([1L, 3, 48, 320], shape);
        for (var c = 0; c < 3; c++)
        {
            var row = values.AsSpan((c * 48 * 320) + (10 * 320), 320);
            Assert.Equal(-1f, row[0]);
            Assert.Equal(1f, row[95]);
            Assert.All(row[96..].ToArray(), v => Assert.Equal(0f, v));
        }
    }

    private (long[] Shape, float[] Values) Run(float[] image, int[] shape, Preprocessing preprocessing)
    {
        var path = DatasetFiles.WriteNpy(Path.Combine(_scratch, Guid.NewGuid().ToString("N") + ".npy"), image, [1, .. shape]);
        var batch = Assert.Single(NpyDataset.FromNpy(path, null, preprocessing).ReadBatches(1));
        return (batch.Inputs[0].Shape, batch.Inputs[0].GetSpan<float>().ToArray());
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4f, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
