using System.Globalization;
using System.Runtime.CompilerServices;

namespace Harness.Data;

/// <summary>
/// Applies a <see cref="Preprocessing"/> to one stored sample tensor, writing float32 straight
/// into its slot of the batch buffer. Keeps its scratch buffers between samples, so one instance
/// serves one enumeration (it is not thread-safe). An optional <see cref="IPixelTransform"/> acts
/// on the stored values once they are float32, before anything else (the seam synthetic drift
/// uses, so a shift is defined on the image, not on one model's normalised input).
/// </summary>
internal sealed class SamplePreprocessor
{
    private readonly Preprocessing _preprocessing;
    private readonly IPixelTransform? _transform;
    private readonly float? _padPixel;
    private float[] _stored = [];
    private float[] _planes = [];
    private float[] _row = [];
    private ResizeAxis _rows = new();
    private ResizeAxis _columns = new();

    public SamplePreprocessor(Preprocessing preprocessing, IPixelTransform? transform = null)
    {
        preprocessing.Validate();
        _preprocessing = preprocessing;
        _transform = transform;
        _padPixel = preprocessing.PadInStoredValues();
    }

    /// <summary>What the preprocessing makes of a sample: its stored and output geometry.</summary>
    public Geometry Plan(SampleTensor tensor, string source, string sampleId)
    {
        var p = _preprocessing;
        if (!ElementConversion.IsSupported(tensor.ElementType))
        {
            throw DatasetException.InSample(source, sampleId, $"holds {tensor.ElementType} elements, which cannot be converted to float32.");
        }

        if (_transform?.CannotApplyTo(tensor.Layout) is { } reason)
        {
            throw DatasetException.InSample(source, sampleId, reason);
        }

        if (tensor.Layout == SampleLayout.Tensor)
        {
            return PlanTensor(tensor, source, sampleId);
        }

        var shape = tensor.Shape;
        var (height, width, channels) = tensor.Layout switch
        {
            SampleLayout.Hw when shape.Length == 2 => (shape[0], shape[1], 1),
            SampleLayout.Hwc when shape.Length == 3 => (shape[0], shape[1], shape[2]),
            SampleLayout.Chw when shape.Length == 3 => (shape[1], shape[2], shape[0]),
            _ => throw DatasetException.InSample(source, sampleId, $"has shape [{string.Join(", ", shape)}], which is not a {tensor.Layout} image."),
        };

        if (height == 0 || width == 0 || channels == 0)
        {
            throw DatasetException.InSample(source, sampleId, $"is an empty image ({width}×{height}, {channels} channels).");
        }

        var outChannels = p.Channels ?? channels;
        if (outChannels != channels && !(channels == 1 && outChannels == 3) && !(channels is 3 or 4 && outChannels is 1 or 3))
        {
            throw DatasetException.InSample(source, sampleId, $"has {channels} channels, which cannot be converted to {outChannels}.");
        }

        if (p.ReverseChannels && outChannels != 3)
        {
            throw DatasetException.InSample(source, sampleId, $"has {outChannels} output channels; reversing channel order needs 3.");
        }

        RequireChannelValues(p.Mean, "Mean", outChannels, source, sampleId);
        RequireChannelValues(p.Std, "Std", outChannels, source, sampleId);
        var (contentHeight, contentWidth, outHeight, outWidth) = Fit(height, width);
        return new Geometry(tensor.Layout, height, width, channels, outChannels, contentHeight, contentWidth, outHeight, outWidth, tensor.Shape);
    }

    /// <summary>True when a sample's output width depends on the other samples of its batch.</summary>
    public bool WidthFollowsBatch => _preprocessing.Resize == ResizeMode.FitHeightPadToBatch;

    /// <summary>The same sample padded on the right to <paramref name="width"/> (the batch's widest).</summary>
    public static Geometry WidenTo(in Geometry g, int width) => g with { OutWidth = Math.Max(g.OutWidth, width) };

    /// <summary>The output shape of one sample (no batch axis) in the declared layout.</summary>
    public long[] OutputShape(in Geometry g)
    {
        if (g.Layout == SampleLayout.Tensor)
        {
            return _preprocessing.Layout == TensorLayout.Flat ? [g.ElementCount] : Array.ConvertAll(g.StoredShape, d => (long)d);
        }

        return _preprocessing.Layout switch
        {
            TensorLayout.Nchw => [g.OutChannels, g.OutHeight, g.OutWidth],
            TensorLayout.Nhwc => [g.OutHeight, g.OutWidth, g.OutChannels],
            _ => [(long)g.OutChannels * g.OutHeight * g.OutWidth],
        };
    }

    /// <summary>
    /// Writes the preprocessed sample; <paramref name="destination"/> holds exactly its output
    /// elements. <paramref name="sampleIndex"/> (its position in the dataset) is what a pixel
    /// transform seeds its randomness with.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(in Geometry g, SampleTensor tensor, Span<float> destination, int sampleIndex)
    {
        var storedCount = tensor.ElementCount;
        EnsureCapacity(ref _stored, storedCount);
        var stored = _stored.AsSpan(0, storedCount);
        ElementConversion.ToFloat(tensor.Data.Span, tensor.ElementType, stored);

        // In place on the preprocessor's own copy: the reader's buffer is never written.
        _transform?.Apply(stored, new StoredImage(sampleIndex, g.Layout, g.Height, g.Width, g.Channels, PixelRange.Of(tensor.ElementType, _preprocessing.Scale), _padPixel));
        if (g.Layout == SampleLayout.Tensor)
        {
            var (a, b) = Affine(0);
            MapRow(stored, destination, a, b);
            return;
        }

        var planes = ToPlanes(g, stored);
        var resized = g.ContentHeight != g.Height || g.ContentWidth != g.Width;
        if (resized)
        {
            _rows.Prepare(g.Height, g.ContentHeight);
            _columns.Prepare(g.Width, g.ContentWidth);
        }

        // Rows are built contiguously in planar order; NHWC scatters each finished row to its stride.
        var interleaved = _preprocessing.Layout == TensorLayout.Nhwc;
        EnsureCapacity(ref _row, g.OutWidth);
        var row = _row.AsSpan(0, g.OutWidth);
        var pad = _preprocessing.PadValue;
        for (var c = 0; c < g.OutChannels; c++)
        {
            var (a, b) = Affine(c);
            var plane = planes.Slice(c * g.Height * g.Width, g.Height * g.Width);
            for (var y = 0; y < g.OutHeight; y++)
            {
                var target = interleaved ? row : destination.Slice(((c * g.OutHeight) + y) * g.OutWidth, g.OutWidth);
                if (y >= g.ContentHeight)
                {
                    target.Fill(pad);
                }
                else
                {
                    var content = target[..g.ContentWidth];
                    if (resized)
                    {
                        ResizeRow(plane, g.Width, y, content, a, b);
                    }
                    else
                    {
                        MapRow(plane.Slice(y * g.Width, g.Width), content, a, b);
                    }

                    target[g.ContentWidth..].Fill(pad);
                }

                if (interleaved)
                {
                    var start = (y * g.OutWidth * g.OutChannels) + c;
                    for (var x = 0; x < row.Length; x++)
                    {
                        destination[start + (x * g.OutChannels)] = row[x];
                    }
                }
            }
        }
    }

    private Geometry PlanTensor(SampleTensor tensor, string source, string sampleId)
    {
        var p = _preprocessing;
        if (p.Resize != ResizeMode.None || p.Channels is not null || p.ReverseChannels || p.Layout == TensorLayout.Nhwc)
        {
            throw DatasetException.InSample(
                source,
                sampleId,
                $"has shape [{string.Join(", ", tensor.Shape)}], which is not an image, so it cannot be resized, change channels or be laid out NHWC. " +
                "Declare the dataset's sample layout (HW, HWC or CHW) if it is an image.");
        }

        RequireChannelValues(p.Mean, "Mean", 1, source, sampleId);
        RequireChannelValues(p.Std, "Std", 1, source, sampleId);
        return new Geometry(SampleLayout.Tensor, 1, tensor.ElementCount, 1, 1, 1, tensor.ElementCount, 1, tensor.ElementCount, tensor.Shape);
    }

    private static void RequireChannelValues(IReadOnlyList<float>? values, string name, int channels, string source, string sampleId)
    {
        if (values is not null && values.Count != 1 && values.Count != channels)
        {
            throw DatasetException.InSample(
                source,
                sampleId,
                $"has {channels} channel{(channels == 1 ? string.Empty : "s")} after preprocessing, but {name} has {values.Count} values; give one, or one per channel.");
        }
    }

    /// <summary>Content size (the resized image) and output size (content plus padding).</summary>
    private (int ContentHeight, int ContentWidth, int OutHeight, int OutWidth) Fit(int height, int width)
    {
        var p = _preprocessing;
        if (p.Resize == ResizeMode.None)
        {
            return (height, width, height, width);
        }

        int targetHeight = p.Height!.Value, targetWidth = p.Width!.Value;
        switch (p.Resize)
        {
            case ResizeMode.Stretch:
                return (targetHeight, targetWidth, targetHeight, targetWidth);
            case ResizeMode.FitHeightPadRight:
            {
                // PaddleOCR's resize_norm_img: ceil(H · w / h), capped at the width.
                var fitted = (int)Math.Ceiling(targetHeight * (width / (double)height));
                return (targetHeight, Math.Clamp(fitted, 1, targetWidth), targetHeight, targetWidth);
            }

            case ResizeMode.FitHeightPadToBatch:
            {
                // The output width is this line's own; the batch widens it to its widest line (WidenTo).
                var fitted = Math.Max(1, (int)Math.Ceiling(targetHeight * (width / (double)height)));
                return (targetHeight, fitted, targetHeight, Math.Max(fitted, targetWidth));
            }

            default:
            {
                var scale = Math.Min(targetHeight / (double)height, targetWidth / (double)width);
                var fittedHeight = Math.Clamp((int)Math.Round(height * scale), 1, targetHeight);
                var fittedWidth = Math.Clamp((int)Math.Round(width * scale), 1, targetWidth);
                return (fittedHeight, fittedWidth, targetHeight, targetWidth);
            }
        }
    }

    /// <summary>Stored values as one plane per output channel, channel conversion applied.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ReadOnlySpan<float> ToPlanes(in Geometry g, ReadOnlySpan<float> stored)
    {
        var pixels = g.Height * g.Width;
        var planar = g.Layout != SampleLayout.Hwc;
        if (planar && g.Channels == g.OutChannels && !_preprocessing.ReverseChannels)
        {
            return stored;
        }

        EnsureCapacity(ref _planes, pixels * g.OutChannels);
        var planes = _planes.AsSpan(0, pixels * g.OutChannels);
        var step = planar ? 1 : g.Channels;
        for (var c = 0; c < g.OutChannels; c++)
        {
            var plane = planes.Slice(c * pixels, pixels);
            if (g.OutChannels == 1 && g.Channels >= 3)
            {
                // ITU-R BT.601 luma, what OpenCV's and PIL's grey conversions use.
                for (var i = 0; i < pixels; i++)
                {
                    plane[i] = (0.299f * Stored(stored, g, i, 0, step)) + (0.587f * Stored(stored, g, i, 1, step)) + (0.114f * Stored(stored, g, i, 2, step));
                }

                continue;
            }

            var source = g.Channels == 1 ? 0 : _preprocessing.ReverseChannels ? 2 - c : c;
            for (var i = 0; i < pixels; i++)
            {
                plane[i] = Stored(stored, g, i, source, step);
            }
        }

        return planes;
    }

    private static float Stored(ReadOnlySpan<float> stored, in Geometry g, int pixel, int channel, int step) =>
        step == 1 ? stored[(channel * g.Height * g.Width) + pixel] : stored[(pixel * step) + channel];

    private static void MapRow(ReadOnlySpan<float> source, Span<float> destination, float a, float b)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (source[i] * a) + b;
        }
    }

    /// <summary>(x · Scale − mean) / std as x · a + b, so the inner loop is one multiply-add.</summary>
    private (float A, float B) Affine(int channel)
    {
        var p = _preprocessing;
        var mean = p.Mean is null ? 0f : p.Mean[p.Mean.Count == 1 ? 0 : channel];
        var std = p.Std is null ? 1f : p.Std[p.Std.Count == 1 ? 0 : channel];
        return (p.Scale / std, -mean / std);
    }

    /// <summary>One output row of the bilinear resize, mapped to the output values.</summary>
    private void ResizeRow(ReadOnlySpan<float> plane, int width, int y, Span<float> destination, float a, float b)
    {
        var top = plane.Slice(_rows.Low[y] * width, width);
        var bottom = plane.Slice(_rows.High[y] * width, width);
        var wy = _rows.Weight[y];
        var low = _columns.Low;
        var high = _columns.High;
        var weight = _columns.Weight;
        for (var x = 0; x < destination.Length; x++)
        {
            int x0 = low[x], x1 = high[x];
            var upper = top[x0] + (weight[x] * (top[x1] - top[x0]));
            var lower = bottom[x0] + (weight[x] * (bottom[x1] - bottom[x0]));
            destination[x] = ((upper + (wy * (lower - upper))) * a) + b;
        }
    }

    private static void EnsureCapacity(ref float[] buffer, int count)
    {
        if (buffer.Length < count)
        {
            buffer = new float[count];
        }
    }

    /// <summary>How one sample maps onto the output: stored size, resized content size and padded output size.</summary>
    internal readonly record struct Geometry(
        SampleLayout Layout, int Height, int Width, int Channels, int OutChannels, int ContentHeight, int ContentWidth, int OutHeight, int OutWidth, int[] StoredShape)
    {
        public long ElementCount => (long)OutChannels * OutHeight * OutWidth;

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Width}×{Height}×{Channels} → {ContentWidth}×{ContentHeight} in {OutWidth}×{OutHeight}×{OutChannels}");
    }

    /// <summary>
    /// Source positions and weights along one axis, with OpenCV's INTER_LINEAR conventions (pixel
    /// centres at +0.5, edges clamped), so a model trained on cv2.resize sees the same pixels.
    /// </summary>
    private sealed class ResizeAxis
    {
        private int _source = -1;
        private int _target = -1;

        public int[] Low { get; private set; } = [];

        public int[] High { get; private set; } = [];

        public float[] Weight { get; private set; } = [];

        public void Prepare(int source, int target)
        {
            if (source == _source && target == _target)
            {
                return;
            }

            if (Low.Length < target)
            {
                Low = new int[target];
                High = new int[target];
                Weight = new float[target];
            }

            var scale = source / (double)target;
            for (var i = 0; i < target; i++)
            {
                var position = ((i + 0.5) * scale) - 0.5;
                var low = (int)Math.Floor(position);
                var weight = (float)(position - low);
                if (low < 0)
                {
                    (low, weight) = (0, 0f);
                }

                if (low >= source - 1)
                {
                    (low, weight) = (source - 1, 0f);
                }

                Low[i] = low;
                High[i] = Math.Min(low + 1, source - 1);
                Weight[i] = weight;
            }

            (_source, _target) = (source, target);
        }
    }
}
