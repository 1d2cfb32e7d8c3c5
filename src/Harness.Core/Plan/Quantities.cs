using System.Globalization;

namespace Harness.Plan;

/// <summary>Parses the unit-carrying values scenarios are written in (<c>500ms</c>, <c>10s</c>, <c>2m</c>).</summary>
public static class Quantities
{
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        (string suffix, double toMs)[] units = [("ms", 1), ("us", 0.001), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, toMs) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) &&
                double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) &&
                double.IsFinite(value))
            {
                duration = TimeSpan.FromMilliseconds(value * toMs);
                return true;
            }
        }

        return false;
    }

    public static string FormatDuration(TimeSpan duration) => duration.TotalSeconds >= 1
        ? duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"
        : duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
}
