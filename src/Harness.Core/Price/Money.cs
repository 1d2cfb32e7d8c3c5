using System.Globalization;

namespace Harness.Price;

/// <summary>
/// Amounts in US dollars with their unit in the type, parsed from the strings a price file uses:
/// <c>"$80"</c>, <c>"$0.089/h"</c>, <c>"$0.165/kWh"</c>. A bare number is refused so a price
/// without its unit ("0.089": per hour? per month?) can never be read as something else.
/// </summary>
public static class Money
{
    /// <summary>Parses <c>$N</c> followed by exactly <paramref name="suffix"/> (empty, "/h", "/kWh"); null when the text is not that.</summary>
    public static double? TryParse(string text, string suffix)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('$') || !trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var number = trimmed[1..^suffix.Length].Replace(",", string.Empty, StringComparison.Ordinal);
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;
    }

    public static string Format(double dollars) =>
        dollars switch
        {
            >= 100 => dollars.ToString("$#,0", CultureInfo.InvariantCulture),
            >= 1 => dollars.ToString("$0.00", CultureInfo.InvariantCulture),
            _ => "$" + dollars.ToString("0.####", CultureInfo.InvariantCulture),
        };
}

/// <summary>A price per hour of use (a cloud instance on demand).</summary>
public readonly record struct UsdPerHour(double Value)
{
    public override string ToString() => Money.Format(Value) + "/h";
}

/// <summary>The price of a kilowatt-hour of electricity.</summary>
public readonly record struct UsdPerKwh(double Value)
{
    public override string ToString() => Money.Format(Value) + "/kWh";
}

/// <summary>Electrical power draw.</summary>
public readonly record struct Watts(double Value)
{
    public override string ToString() => Value.ToString("0.##", CultureInfo.InvariantCulture) + " W";
}
