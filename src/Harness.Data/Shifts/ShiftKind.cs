namespace Harness.Data.Shifts;

/// <summary>A synthetic change to images, to see how a model's accuracy and confidence hold up under it.</summary>
public enum ShiftKind
{
    /// <summary>Independent Gaussian noise on every stored value; strength is its standard deviation as a fraction of the value range.</summary>
    GaussianNoise,

    /// <summary>Every value moved by strength × the value range (negative darkens).</summary>
    Brightness,

    /// <summary>Values scaled around the image mean by 1 + strength (negative flattens, −1 leaves a uniform image).</summary>
    Contrast,

    /// <summary>The image moved right and down by strength × its width and height (negative: left and up); what is uncovered is filled.</summary>
    Translation,

    /// <summary>A rectangle at a seeded position, covering strength of the image's area, filled.</summary>
    Occlusion,
}

/// <summary>The names scenarios use for shift kinds.</summary>
public static class ShiftKinds
{
    /// <summary>Every known name, in <see cref="ShiftKind"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<ShiftKind>().Select(Name)];

    /// <summary>noise, brightness, contrast, translation or occlusion.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the known ones.</exception>
    public static ShiftKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            "noise" => ShiftKind.GaussianNoise,
            "brightness" => ShiftKind.Brightness,
            "contrast" => ShiftKind.Contrast,
            "translation" => ShiftKind.Translation,
            "occlusion" => ShiftKind.Occlusion,
            _ => throw new ArgumentException($"Unknown shift '{name}'; known shifts are {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    public static string Name(this ShiftKind kind) => kind switch
    {
        ShiftKind.GaussianNoise => "noise",
        ShiftKind.Brightness => "brightness",
        ShiftKind.Contrast => "contrast",
        ShiftKind.Translation => "translation",
        ShiftKind.Occlusion => "occlusion",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a shift kind"),
    };
}
