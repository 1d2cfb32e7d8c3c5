using System.Globalization;

namespace Harness.Evaluate.Datasets;

/// <summary>
/// Applies a <see cref="Preprocessing"/> to one stored sample tensor, writing float32 straight
/// into its slot of the batch buffer. Keeps its scratch buffers between samples, so one instance
/// serves one enumeration (it is not thread-safe).
/// </summary>
internal sealed class SamplePreprocessor
{
    private readonly Preprocessing _preprocessing;
    private float[] _stored = [];
    private float[] _planes = [];
    private ResizeAxis _rows = new();
    private ResizeAxis _columns = new();

    public SamplePreprocessor(Preprocessing preprocessing)
    {
        preprocessing.Validate();
        _preprocessing = preprocessing;
    }

    /// <summary>What the preprocessing makes of a sample: its stored and output geometry.</summary>
    public Geometry Plan(SampleTensor tensor, string source, string sampleId)
    {
        var p = _preprocessing;
        if (!ElementConversion.IsSupported(tensor.ElementType))
        {
            throw DatasetException.InSample(source, sampleId, $"holds {tensor.ElementType} elements, which cannot be converted to float32.");
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

    /// <summary>Writes the preprocessed sample; <paramref name="destination"/> holds exactly its output elements.</summary>
    public void Write(in Geometry g, SampleTensor tensor, Span<float> destination)
    {
        var storedCount = tensor.ElementCount;
        EnsureCapacity(ref _stored, storedCount);
        var stored = _stored.AsSpan(0, storedCount);
        ElementConversion.ToFloat(tensor.Data.Span, tensor.ElementType, stored);
        if (g.Layout == SampleLayout.Tensor)
        {
            MapValues(stored, destination, 0);
            return;
        }

        var planes = ToPlanes(g, stored);
        var (outHeight, outWidth, channels) = (g.OutHeight, g.OutWidth, g.OutChannels);
        var resized = g.ContentHeight != g.Height || g.ContentWidth != g.Width;
        if (resized)
        {
            _rows.Prepare(g.Height, g.ContentHeight);
            _columns.Prepare(g.Width, g.ContentWidth);
        }

        var interleaved = _preprocessing.Layout == TensorLayout.Nhwc;
        for (var c = 0; c < channels; c++)
        {
            var (a, b) = Affine(c);
            var plane = planes.Slice(c * g.Height * g.Width, g.Height * g.Width);
            for (var y = 0; y < outHeight; y++)
            {
                for (var x = 0; x < outWidth; x++)
                {
                    float value;
                    if (y >= g.ContentHeight || x >= g.ContentWidth)
                    {
                        value = _preprocessing.PadValue;
                    }
                    else
                    {
                        var stored1 = resized ? Bilinear(plane, g.Width, y, x) : plane[(y * g.Width) + x];
                        value = (stored1 * a) + b;
                    }

                    var index = interleaved ? (((y * outWidth) + x) * channels) + c : (((c * outHeight) + y) * outWidth) + x;
                    destination[index] = value;
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

    private void MapValues(ReadOnlySpan<float> stored, Span<float> destination, int channel)
    {
        var (a, b) = Affine(channel);
        for (var i = 0; i < stored.Length; i++)
        {
            destination[i] = (stored[i] * a) + b;
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

    private float Bilinear(ReadOnlySpan<float> plane, int width, int y, int x)
    {
        int y0 = _rows.Low[y], y1 = _rows.High[y], x0 = _columns.Low[x], x1 = _columns.High[x];
        float wy = _rows.Weight[y], wx = _columns.Weight[x];
        var top = plane[(y0 * width) + x0] + (wx * (plane[(y0 * width) + x1] - plane[(y0 * width) + x0]));
        var bottom = plane[(y1 * width) + x0] + (wx * (plane[(y1 * width) + x1] - plane[(y1 * width) + x0]));
        return top + (wy * (bottom - top));
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
