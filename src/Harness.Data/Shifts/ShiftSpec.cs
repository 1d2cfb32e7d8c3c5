using System.Globalization;

namespace Harness.Data.Shifts;

/// <summary>
/// One synthetic shift: its kind, its strength in the kind's own unit (a fraction of the value
/// range, of the width and height, or of the area; see <see cref="ShiftKind"/>), and the seed its
/// randomness follows. Checked when built, so a scenario with a strength the kind cannot take
/// fails before any sample is read. Strength 0 is no shift at all, whatever the kind.
/// </summary>
public sealed record ShiftSpec
{
    private readonly ShiftFill? _fill;

    /// <exception cref="ArgumentException">The strength is not finite or out of the kind's range.</exception>
    public ShiftSpec(ShiftKind kind, double strength, int seed)
    {
        (double Low, double High) range = kind switch
        {
            // Noise is a standard deviation; contrast below −1 would invert the image, another shift.
            ShiftKind.GaussianNoise => (0, double.PositiveInfinity),
            ShiftKind.Contrast => (-1, double.PositiveInfinity),
            // Past ±1 brightness saturates every pixel and translation moves the image out of the frame.
            ShiftKind.Brightness or ShiftKind.Translation => (-1, 1),
            ShiftKind.Occlusion => (0, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a shift kind"),
        };
        if (!double.IsFinite(strength) || strength < range.Low || strength > range.High)
        {
            throw new ArgumentOutOfRangeException(
                nameof(strength), strength, string.Create(CultureInfo.InvariantCulture, $"{kind.Name()} takes a strength in [{range.Low}, {range.High}]"));
        }

        (Kind, Strength, Seed) = (kind, strength, seed);
    }

    public ShiftKind Kind { get; }

    public double Strength { get; }

    public int Seed { get; }

    /// <summary>What uncovered or covered areas take (translation and occlusion); null for the kind's default, <see cref="EffectiveFill"/>.</summary>
    public ShiftFill? Fill
    {
        get => _fill;
        init => _fill = value is null || Enum.IsDefined(value.Value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "not a fill");
    }

    /// <summary>The fill used: <see cref="Fill"/>, else the background for a translation and the image mean for an occlusion.</summary>
    public ShiftFill EffectiveFill => Fill ?? (Kind == ShiftKind.Translation ? ShiftFill.Background : ShiftFill.Mean);

    public bool IsIdentity => Strength == 0;

    /// <summary>What a shifted dataset's name gets: "noise(0.05)", with the fill when it is not the kind's default ("occlusion(0.2, pad)").</summary>
    public override string ToString()
    {
        var strength = Strength.ToString(CultureInfo.InvariantCulture);
        var fillMatters = Kind is ShiftKind.Translation or ShiftKind.Occlusion && Fill is { } fill && fill != (Kind == ShiftKind.Translation ? ShiftFill.Background : ShiftFill.Mean);
        return fillMatters ? $"{Kind.Name()}({strength}, {Fill!.Value.ToString().ToLowerInvariant()})" : $"{Kind.Name()}({strength})";
    }
}
