using Harness.Data;

namespace Harness.Data.Shifts;

/// <summary>
/// Applies shifts, in order, to a stored image in place: the <see cref="IPixelTransform"/> a
/// <see cref="ShiftedDataset"/> puts into its dataset's preprocessing. Randomness comes from a
/// generator seeded by (shift seed, sample index), so a sample is shifted the same way whatever
/// the batch size, limit or order it is read in. Values are not rounded back to the stored type:
/// the shifted image never exists as a file, and rounding would only hide small strengths.
/// Stateless, so one instance serves any number of concurrent enumerations; per sample it
/// allocates nothing but, for images of more than 16 channels, the per-channel fill values.
/// </summary>
internal sealed class ShiftTransform : IPixelTransform
{
    private const int StackChannels = 16;

    private readonly IReadOnlyList<ShiftSpec> _shifts;
    private readonly PixelRange? _range;

    /// <param name="shifts">Applied first to last.</param>
    /// <param name="range">The value range strengths are measured in; null for the one the stored element type implies (<see cref="PixelRange.Of"/>).</param>
    public ShiftTransform(IReadOnlyList<ShiftSpec> shifts, PixelRange? range)
    {
        ArgumentNullException.ThrowIfNull(shifts);
        _shifts = shifts;
        _range = range;
    }

    public string? CannotApplyTo(SampleLayout layout)
    {
        if (layout != SampleLayout.Tensor)
        {
            return null;
        }

        var geometric = _shifts.FirstOrDefault(s => s.Kind is ShiftKind.Translation or ShiftKind.Occlusion && !s.IsIdentity);
        return geometric is null
            ? null
            : $"is a plain tensor, not an image, so {geometric.Kind.Name()} has no rows and columns to act on. Declare the dataset's sample layout (HW, HWC or CHW) if it is an image.";
    }

    public void Apply(Span<float> pixels, in StoredImage image)
    {
        var range = _range ?? image.Range;
        foreach (var shift in _shifts)
        {
            if (shift.IsIdentity)
            {
                // Strength 0 leaves every value as stored, even one outside the range (no clamping).
                continue;
            }

            var strength = (float)shift.Strength;
            switch (shift.Kind)
            {
                case ShiftKind.GaussianNoise:
                    AddNoise(pixels, strength * range.Width, range, RandomFor(shift, image));
                    break;
                case ShiftKind.Brightness:
                    Brighten(pixels, strength * range.Width, range);
                    break;
                case ShiftKind.Contrast:
                    Contrast(pixels, 1 + strength, range);
                    break;
                case ShiftKind.Translation:
                    Translate(pixels, image, shift);
                    break;
                case ShiftKind.Occlusion:
                    Occlude(pixels, image, shift);
                    break;
            }
        }
    }

    /// <summary>One generator per (shift, sample): the seed in the high half, the index in the low half, spread by SplitMix64.</summary>
    private static SeededRandom RandomFor(ShiftSpec shift, in StoredImage image) => new(((long)shift.Seed << 32) | (uint)image.SampleIndex);

    /// <summary>Adds N(0, σ²) to every value (Box–Muller, two normals per pair of uniforms) and clamps to the range.</summary>
    private static void AddNoise(Span<float> pixels, float sigma, PixelRange range, SeededRandom random)
    {
        for (var i = 0; i < pixels.Length; i += 2)
        {
            // 1 − u lies in (0, 1], so the logarithm is finite.
            var radius = sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            var (sin, cos) = Math.SinCos(2 * Math.PI * random.NextDouble());
            pixels[i] = range.Clamp(pixels[i] + (float)(radius * cos));
            if (i + 1 < pixels.Length)
            {
                pixels[i + 1] = range.Clamp(pixels[i + 1] + (float)(radius * sin));
            }
        }
    }

    private static void Brighten(Span<float> pixels, float offset, PixelRange range)
    {
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = range.Clamp(pixels[i] + offset);
        }
    }

    /// <summary>
    /// x ↦ m + (x − m)·factor with m the mean over all values, one for every channel, as PIL's and
    /// torchvision's contrast adjustments keep the image's grey level: colours keep their balance.
    /// </summary>
    private static void Contrast(Span<float> pixels, float factor, PixelRange range)
    {
        double sum = 0;
        foreach (var v in pixels)
        {
            sum += v;
        }

        var mean = (float)(sum / pixels.Length);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = range.Clamp(mean + ((pixels[i] - mean) * factor));
        }
    }

    /// <summary>
    /// Moves the image by (round(s·width), round(s·height)) pixels, right and down for positive s,
    /// filling what it uncovers. Rows are copied in place, visited so that each source row is read
    /// before it is overwritten (bottom-up when moving down); within a row the copy is a memmove.
    /// </summary>
    private static void Translate(Span<float> pixels, in StoredImage image, ShiftSpec shift)
    {
        var dx = (int)Math.Round(shift.Strength * image.Width, MidpointRounding.AwayFromZero);
        var dy = (int)Math.Round(shift.Strength * image.Height, MidpointRounding.AwayFromZero);
        if (dx == 0 && dy == 0)
        {
            return;
        }

        Span<float> fill = image.Channels <= StackChannels ? stackalloc float[image.Channels] : new float[image.Channels];
        FillValues(pixels, image, shift.EffectiveFill, fill);
        if (image.Interleaved)
        {
            TranslateBlock(pixels, image.Height, image.Width, image.Channels, dx, dy, fill);
            return;
        }

        for (var c = 0; c < image.Channels; c++)
        {
            TranslateBlock(pixels.Slice(c * image.PixelCount, image.PixelCount), image.Height, image.Width, 1, dx, dy, fill.Slice(c, 1));
        }
    }

    /// <summary>Translates height rows of width pixels of <paramref name="channels"/> interleaved values (1 for one plane).</summary>
    private static void TranslateBlock(Span<float> block, int height, int width, int channels, int dx, int dy, ReadOnlySpan<float> fill)
    {
        var row = width * channels;
        var offset = Math.Clamp(dx, -width, width) * channels;
        for (var k = 0; k < height; k++)
        {
            var y = dy > 0 ? height - 1 - k : k;
            var target = block.Slice(y * row, row);
            var from = y - dy;
            if (from < 0 || from >= height)
            {
                FillPixels(target, fill);
                continue;
            }

            var source = block.Slice(from * row, row);
            if (offset >= 0)
            {
                source[..(row - offset)].CopyTo(target[offset..]);
                FillPixels(target[..offset], fill);
            }
            else
            {
                source[(-offset)..].CopyTo(target[..(row + offset)]);
                FillPixels(target[(row + offset)..], fill);
            }
        }
    }

    /// <summary>
    /// Covers a rectangle of about strength × the area: height round(√s·H) (at least 1), width the
    /// rest of the area over that height, so the area is as close as whole pixels allow; placed
    /// uniformly at random inside the image.
    /// </summary>
    private static void Occlude(Span<float> pixels, in StoredImage image, ShiftSpec shift)
    {
        var (x0, y0, width, height) = OcclusionRectangle(image.Width, image.Height, shift.Strength, RandomFor(shift, image));
        if (width == 0)
        {
            return;
        }

        Span<float> fill = image.Channels <= StackChannels ? stackalloc float[image.Channels] : new float[image.Channels];
        FillValues(pixels, image, shift.EffectiveFill, fill);
        for (var y = y0; y < y0 + height; y++)
        {
            if (image.Interleaved)
            {
                FillPixels(pixels.Slice(image.Offset(y, x0, 0), width * image.Channels), fill);
                continue;
            }

            for (var c = 0; c < image.Channels; c++)
            {
                pixels.Slice(image.Offset(y, x0, c), width).Fill(fill[c]);
            }
        }
    }

    /// <summary>The occluded rectangle: left, top, width and height (width 0 when the area rounds to nothing).</summary>
    internal static (int X, int Y, int Width, int Height) OcclusionRectangle(int imageWidth, int imageHeight, double strength, SeededRandom random)
    {
        var area = strength * imageWidth * imageHeight;
        var height = Math.Clamp((int)Math.Round(Math.Sqrt(strength) * imageHeight, MidpointRounding.AwayFromZero), 1, imageHeight);
        var width = Math.Clamp((int)Math.Round(area / height, MidpointRounding.AwayFromZero), 0, imageWidth);
        if (width == 0)
        {
            return (0, 0, 0, 0);
        }

        var x = random.NextInt(imageWidth - width + 1);
        var y = random.NextInt(imageHeight - height + 1);
        return (x, y, width, height);
    }

    /// <summary>Per-channel fill values, from the image before it is changed.</summary>
    private static void FillValues(ReadOnlySpan<float> pixels, in StoredImage image, ShiftFill kind, Span<float> fill)
    {
        if (kind == ShiftFill.Pad)
        {
            fill.Fill(image.PadPixel ?? throw new InvalidOperationException("A pad fill needs a preprocessing with one mean and std for all channels."));
            return;
        }

        for (var c = 0; c < image.Channels; c++)
        {
            double sum = 0;
            var count = 0;
            for (var y = 0; y < image.Height; y++)
            {
                // Background: every pixel of the first and last rows, the two end pixels of the others.
                var border = kind == ShiftFill.Background && y > 0 && y < image.Height - 1;
                var step = border ? Math.Max(1, image.Width - 1) : 1;
                for (var x = 0; x < image.Width; x += step)
                {
                    sum += pixels[image.Offset(y, x, c)];
                    count++;
                }
            }

            fill[c] = (float)(sum / count);
        }
    }

    /// <summary>Fills whole pixels of interleaved values: value j takes channel j mod channels.</summary>
    private static void FillPixels(Span<float> values, ReadOnlySpan<float> fill)
    {
        if (fill.Length == 1)
        {
            values.Fill(fill[0]);
            return;
        }

        for (var j = 0; j < values.Length; j++)
        {
            values[j] = fill[j % fill.Length];
        }
    }
}
