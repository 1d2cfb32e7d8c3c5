using System.Globalization;
using System.Text;

namespace Harness.Data;

/// <summary>The tensor layout a model takes; the batch axis always comes first.</summary>
public enum TensorLayout
{
    /// <summary>[N, C, H, W]: planar, what most vision models exported from PyTorch or Paddle take.</summary>
    Nchw,

    /// <summary>[N, H, W, C]: interleaved, what TensorFlow models usually take.</summary>
    Nhwc,

    /// <summary>[N, C·H·W]: one vector per sample, in C, H, W order (for models with a dense first layer).</summary>
    Flat,
}

/// <summary>How an image is brought to the declared height and width.</summary>
public enum ResizeMode
{
    /// <summary>Keep the stored size (every sample in a batch must then have the same size).</summary>
    None,

    /// <summary>Bilinear resize to exactly height × width, ignoring the aspect ratio.</summary>
    Stretch,

    /// <summary>
    /// Text-line style (PaddleOCR): bilinear resize to the full height keeping the aspect ratio,
    /// width capped at the declared width, then pad on the right.
    /// </summary>
    FitHeightPadRight,

    /// <summary>Bilinear resize to fit inside height × width keeping the aspect ratio, then pad right and bottom.</summary>
    FitPad,

    /// <summary>
    /// PaddleOCR's batched recognition: bilinear resize to the full height keeping the aspect
    /// ratio, then pad on the right to the widest line of the batch (at least the declared width).
    /// Batches differ in width; lines are never squeezed.
    /// </summary>
    FitHeightPadToBatch,
}

/// <summary>
/// What turns a stored sample into a model input, declared once per dataset and applied in this
/// order: channel conversion (grey ⇄ colour, reverse RGB to BGR), resize, value mapping
/// <c>(x · Scale − Mean[c]) / Std[c]</c>, padding with <see cref="PadValue"/> (a value in the
/// normalised space, as PaddleOCR pads with 0 after normalising), and the output layout. The
/// output is float32. <see cref="Raw"/> instead passes stored tensors through in their own
/// element type and shape.
/// </summary>
public sealed record Preprocessing
{
    /// <summary>Stored values as float32 in NCHW order, nothing else changed.</summary>
    public static Preprocessing Default { get; } = new();

    /// <summary>Stored tensors as they are: same element type, same shape (tensors that are already model inputs).</summary>
    public static Preprocessing Raw { get; } = new() { ConvertToFloat = false };

    /// <summary>False passes tensors through unchanged; then no other setting may be given.</summary>
    public bool ConvertToFloat { get; init; } = true;

    /// <summary>Multiplies stored values first, e.g. 1/255 to map bytes to [0, 1].</summary>
    public float Scale { get; init; } = 1f;

    /// <summary>Subtracted after scaling: one value for all channels or one per output channel.</summary>
    public IReadOnlyList<float>? Mean { get; init; }

    /// <summary>Divides after the mean: one value for all channels or one per output channel.</summary>
    public IReadOnlyList<float>? Std { get; init; }

    /// <summary>Output channels: 1 turns colour into luminance, 3 repeats grey; null keeps the stored count.</summary>
    public int? Channels { get; init; }

    /// <summary>Reverses colour channel order (RGB to BGR), for models trained on OpenCV's BGR images.</summary>
    public bool ReverseChannels { get; init; }

    public ResizeMode Resize { get; init; } = ResizeMode.None;

    /// <summary>Target height; required by every resize mode.</summary>
    public int? Height { get; init; }

    /// <summary>
    /// Target width; required by every resize mode (the cap for <see cref="ResizeMode.FitHeightPadRight"/>,
    /// the minimum for <see cref="ResizeMode.FitHeightPadToBatch"/>).
    /// </summary>
    public int? Width { get; init; }

    /// <summary>The value padding takes, in the normalised output space.</summary>
    public float PadValue { get; init; }

    public TensorLayout Layout { get; init; } = TensorLayout.Nchw;

    /// <summary>Mapping 8-bit values to [0, 1].</summary>
    public static Preprocessing UnitScale(TensorLayout layout = TensorLayout.Nchw) => new() { Scale = 1f / 255f, Layout = layout };

    /// <summary>Throws <see cref="ArgumentException"/> when the settings contradict each other.</summary>
    public void Validate()
    {
        if (!ConvertToFloat)
        {
            if (this != Raw)
            {
                throw new ArgumentException("Raw preprocessing passes tensors through unchanged; it cannot also scale, normalise, resize or change layout.");
            }

            return;
        }

        if (!float.IsFinite(Scale))
        {
            throw new ArgumentException($"Scale must be a finite number, not {Scale}.");
        }

        if (Std is not null && Std.Any(s => s == 0f || !float.IsFinite(s)))
        {
            throw new ArgumentException($"Std must be finite and non-zero, not [{Format(Std)}].");
        }

        if (Mean is { Count: 0 } || Std is { Count: 0 })
        {
            throw new ArgumentException("Mean and Std need one value, or one per channel.");
        }

        if (Channels is not null and not (1 or 3))
        {
            throw new ArgumentException($"Channels may be 1 or 3, not {Channels}.");
        }

        if (Resize != ResizeMode.None && (Height is not > 0 || Width is not > 0))
        {
            throw new ArgumentException($"Resize {Resize} needs a positive Height and Width.");
        }

        if (Resize == ResizeMode.None && (Height is not null || Width is not null))
        {
            throw new ArgumentException("Height and Width are only used with a resize; set Resize too.");
        }
    }

    /// <summary>
    /// The stored value that preprocessing maps to <see cref="PadValue"/>, (pad · std + mean) / scale,
    /// for a pixel transform that fills with what padding looks like to the model. Null when it is not
    /// one value: channels with their own mean or std normalise one stored value to different outputs.
    /// </summary>
    internal float? PadInStoredValues()
    {
        if (!ConvertToFloat || Scale == 0 || !IsUniform(Mean) || !IsUniform(Std))
        {
            return null;
        }

        return ((PadValue * (Std?[0] ?? 1f)) + (Mean?[0] ?? 0f)) / Scale;
    }

    /// <summary>A one-line description for reports, e.g. "float32 NCHW, 3 channels BGR, fit-height-pad-right 48×320, scale 0.003921569, mean [0.5], std [0.5], pad 0".</summary>
    public override string ToString()
    {
        if (!ConvertToFloat)
        {
            return "raw (stored tensors unchanged)";
        }

        var text = new StringBuilder("float32 ").Append(Layout.ToString().ToUpperInvariant());
        if (Channels is { } channels)
        {
            text.Append(CultureInfo.InvariantCulture, $", {channels} channel{(channels == 1 ? string.Empty : "s")}");
        }

        if (ReverseChannels)
        {
            text.Append(", BGR");
        }

        if (Resize != ResizeMode.None)
        {
            text.Append(CultureInfo.InvariantCulture, $", {Resize} {Height}×{Width}, pad {PadValue}");
        }

        if (Scale != 1f)
        {
            text.Append(CultureInfo.InvariantCulture, $", scale {Scale}");
        }

        if (Mean is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", mean [{Format(Mean)}]");
        }

        if (Std is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", std [{Format(Std)}]");
        }

        return text.ToString();
    }

    public bool Equals(Preprocessing? other) =>
        other is not null
        && ConvertToFloat == other.ConvertToFloat
        && Scale.Equals(other.Scale)
        && SameValues(Mean, other.Mean)
        && SameValues(Std, other.Std)
        && Channels == other.Channels
        && ReverseChannels == other.ReverseChannels
        && Resize == other.Resize
        && Height == other.Height
        && Width == other.Width
        && PadValue.Equals(other.PadValue)
        && Layout == other.Layout;

    public override int GetHashCode() => HashCode.Combine(ConvertToFloat, Scale, Channels, ReverseChannels, Resize, Height, Width, Layout);

    private static bool IsUniform(IReadOnlyList<float>? values) => values is null || values.All(v => v == values[0]);

    private static bool SameValues(IReadOnlyList<float>? a, IReadOnlyList<float>? b) =>
        a is null || b is null ? a is null && b is null : a.SequenceEqual(b);

    private static string Format(IReadOnlyList<float> values) =>
        string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
