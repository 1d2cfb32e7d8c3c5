using System.Globalization;

namespace Harness.Plan;

/// <summary>
/// Parses the unit-carrying values scenarios are written in: durations (<c>500ms</c>, <c>10s</c>,
/// <c>2m</c>) and fractions (<c>5%</c> or <c>0.05</c>).
/// </summary>
public static class Quantities
{
    /// <summary>
    /// The longest duration a scenario may give. Far beyond any sensible measurement, and far
    /// below <see cref="TimeSpan.MaxValue"/>, so that sums of durations (deadlines, timeouts) cannot overflow.
    /// </summary>
    public static TimeSpan LongestDuration { get; } = TimeSpan.FromDays(7);

    private static readonly (string Suffix, double ToMilliseconds)[] DurationUnits =
        [("ms", 1), ("us", 0.001), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];

    /// <summary>A duration within [0, <see cref="LongestDuration"/>]; false for anything else, however large.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        var ok = TryParseMilliseconds(text, out var milliseconds) && milliseconds >= 0 && milliseconds <= LongestDuration.TotalMilliseconds;
        duration = ok ? TimeSpan.FromMilliseconds(milliseconds) : default;
        return ok;
    }

    /// <summary>
    /// The duration's size in milliseconds, as a double: a value too large for a <see cref="TimeSpan"/>
    /// still parses, so the caller can say it is too large instead of failing to convert it.
    /// </summary>
    public static bool TryParseMilliseconds(string text, out double milliseconds)
    {
        milliseconds = 0;
        text = text.Trim();
        foreach (var (suffix, toMilliseconds) in DurationUnits)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) &&
                double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) &&
                double.IsFinite(value * toMilliseconds))
            {
                milliseconds = value * toMilliseconds;
                return true;
            }
        }

        return false;
    }

    /// <summary>A fraction written as a percent (<c>5%</c> is 0.05) or as a plain finite number (<c>0.05</c>).</summary>
    public static bool TryParseFraction(string text, out double fraction)
    {
        text = text.Trim();
        var percent = text.EndsWith('%');
        var ok = double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value);
        fraction = ok ? (percent ? value / 100 : value) : 0;
        return ok;
    }

    /// <summary>A size in bytes with a binary unit: B, KiB, MiB, GiB (e.g. 512MiB, 4GiB, 1.5GiB).</summary>
    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        text = text.Trim();
        (string suffix, double factor)[] units = [("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("B", 1)];
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) &&
                double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) &&
                double.IsFinite(value) && value >= 0 && value * factor < long.MaxValue)
            {
                bytes = (long)(value * factor);
                return true;
            }
        }

        return false;
    }

    public static string FormatDuration(TimeSpan duration) => duration.TotalSeconds >= 1
        ? duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"
        : duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
}
