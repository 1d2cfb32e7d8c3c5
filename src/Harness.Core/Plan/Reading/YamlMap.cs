using System.Globalization;
using System.Numerics;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>
/// A YAML mapping read under a fixed set of allowed keys. Every value is read through here, so
/// every mistake (unknown key, wrong type, out-of-range number) is reported with the position of
/// the offending node and the list of what would have been accepted.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode node;
    private readonly string file;

    public YamlMap(YamlNode node, string file, string context, IReadOnlyCollection<string> allowedKeys)
    {
        this.file = file;
        Context = context;
        this.node = node as YamlMappingNode ?? throw Error(file, node, $"{context} must be a mapping (key: value lines)");
        foreach (var key in this.node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!allowedKeys.Contains(name))
            {
                var hint = ClosestName(name, allowedKeys) is { } close ? $" (did you mean '{close}'?)" : string.Empty;
                throw Error(file, key, $"unknown key '{name}' in {context}{hint}; expected one of: {string.Join(", ", allowedKeys)}");
            }
        }
    }

    public YamlMappingNode Node => node;

    public string File => file;

    /// <summary>Where this mapping sits in the scenario (<c>models[0].accuracy</c>), for messages.</summary>
    public string Context { get; }

    public bool Has(string key) => node.Children.ContainsKey(new YamlScalarNode(key));

    public YamlNode? Get(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public YamlNode Require(string key) =>
        Get(key) ?? throw Error(file, node, $"{Context} is missing the required key '{key}'");

    public string RequireString(string key) => ScalarText(Require(key), key);

    public string? OptionalString(string key) => Get(key) is { } value ? ScalarText(value, key) : null;

    public int OptionalInt(string key, int fallback, int min, int max) =>
        Get(key) is { } value ? ReadInt(value, key, min, max) : fallback;

    public double OptionalDouble(string key, double fallback) =>
        Get(key) is { } value ? ReadDouble(value, key) : fallback;

    public TimeSpan OptionalDuration(string key, TimeSpan fallback) =>
        Get(key) is { } value ? ReadDuration(value, key) : fallback;

    public bool OptionalBool(string key, bool fallback) =>
        Get(key) is { } value ? ReadChoice(value, key, Booleans) : fallback;

    public YamlSequenceNode? OptionalSequence(string key) => Get(key) switch
    {
        null => null,
        YamlSequenceNode sequence => sequence,
        var other => throw Error(file, other, $"'{key}' in {Context} must be a list"),
    };

    /// <summary>A list of names (op types, node names, slices); absent means none.</summary>
    public IReadOnlyList<string> OptionalNames(string key) =>
        OptionalSequence(key) is { } list ? list.Children.Select(n => ScalarText(n, key)).ToList() : [];

    public T OptionalChoice<T>(string key, T fallback, IReadOnlyDictionary<string, T> names) =>
        Get(key) is { } value ? ReadChoice(value, key, names) : fallback;

    /// <summary>One of a fixed set of names, e.g. a fill kind or an optimization level.</summary>
    public T ReadChoice<T>(YamlNode value, string what, IReadOnlyDictionary<string, T> names)
    {
        var text = ScalarText(value, what);
        if (names.TryGetValue(text, out var result))
        {
            return result;
        }

        var hint = ClosestName(text, [.. names.Keys]) is { } close ? $" (did you mean '{close}'?)" : string.Empty;
        throw Error(file, value, $"'{what}' in {Context} is '{text}'{hint}; expected one of: {string.Join(", ", names.Keys)}");
    }

    /// <summary>
    /// A whole number in [<paramref name="min"/>, <paramref name="max"/>]. A number too large for
    /// any integer type is still a number, so it is told the range rather than "not a number".
    /// </summary>
    public int ReadInt(YamlNode value, string what, int min, int max) =>
        (int)ReadLong(value, what, min, max);

    public long ReadLong(YamlNode value, string what, long min, long max)
    {
        var text = ScalarText(value, what);
        if (!BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            throw Error(file, value, $"'{what}' in {Context} is '{text}'; expected a whole number from {min} to {max}");
        }

        return number < min || number > max
            ? throw Error(file, value, $"'{what}' in {Context} is {text}; expected a number from {min} to {max}")
            : (long)number;
    }

    public double ReadDouble(YamlNode value, string what)
    {
        var text = ScalarText(value, what);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw Error(file, value, $"'{what}' in {Context} is '{text}'; expected a number (a finite one, such as 150 or 0.5)");
    }

    public TimeSpan ReadDuration(YamlNode value, string what)
    {
        var text = ScalarText(value, what);
        if (!Quantities.TryParseMilliseconds(text, out var milliseconds) || milliseconds <= 0)
        {
            throw Error(file, value, $"'{what}' in {Context} is '{text}'; expected a positive duration such as 500ms, 10s or 2m");
        }

        return milliseconds <= Quantities.LongestDuration.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(milliseconds)
            : throw Error(file, value, $"'{what}' in {Context} is '{text}'; expected at most {Quantities.LongestDuration.TotalHours:0}h");
    }

    /// <summary>A fraction written as a percent (<c>5%</c>) or a plain number (<c>0.05</c>).</summary>
    public double ReadFraction(YamlNode value, string what)
    {
        var text = ScalarText(value, what).Trim();
        return Quantities.TryParseFraction(text, out var fraction) && fraction >= 0
            ? fraction
            : throw Error(file, value, $"'{what}' in {Context} is '{text}'; expected a fraction such as 5% or 0.05");
    }

    public string ScalarText(YamlNode value, string what) => value is YamlScalarNode { Value: { } text }
        ? text
        : throw Error(file, value, $"'{what}' in {Context} must be a single value, not a list or mapping");

    public ScenarioException Error(YamlNode at, string problem) => Error(file, at, problem);

    public static ScenarioException Error(string file, YamlNode at, string problem) =>
        new(file, at.Start.Line, at.Start.Column, problem);

    private static readonly Dictionary<string, bool> Booleans = new() { ["true"] = true, ["false"] = false };

    private static string? ClosestName(string typed, IReadOnlyCollection<string> allowed)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in allowed)
        {
            var distance = Evaluate.Metrics.EditDistance.Levenshtein(typed, candidate);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        // Only suggest when the typo is small relative to the word, or the suggestion is noise.
        return bestDistance <= Math.Max(1, typed.Length / 3) ? best : null;
    }
}
