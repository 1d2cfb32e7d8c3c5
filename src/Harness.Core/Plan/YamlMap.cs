using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan;

/// <summary>
/// A YAML mapping read under a fixed set of allowed keys. Every value is read through here, so
/// every mistake (unknown key, wrong type, out-of-range number) is reported with the position of
/// the offending node and the list of what would have been accepted.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode node;
    private readonly string file;
    private readonly string context;

    public YamlMap(YamlNode node, string file, string context, IReadOnlyCollection<string> allowedKeys)
    {
        this.file = file;
        this.context = context;
        this.node = node as YamlMappingNode ?? throw Error(file, node, $"{context} must be a mapping (key: value lines)");
        foreach (var key in this.node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!allowedKeys.Contains(name))
            {
                var hint = ClosestKey(name, allowedKeys) is { } close ? $" (did you mean '{close}'?)" : string.Empty;
                throw Error(file, key, $"unknown key '{name}' in {context}{hint}; expected one of: {string.Join(", ", allowedKeys)}");
            }
        }
    }

    public YamlMappingNode Node => node;

    public string File => file;

    public bool Has(string key) => node.Children.ContainsKey(new YamlScalarNode(key));

    public YamlNode? Get(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public YamlNode Require(string key) =>
        Get(key) ?? throw Error(file, node, $"{context} is missing the required key '{key}'");

    public string RequireString(string key) => ScalarText(Require(key), key);

    public string? OptionalString(string key) => Get(key) is { } value ? ScalarText(value, key) : null;

    public int OptionalInt(string key, int fallback, int min, int max) =>
        Get(key) is { } value ? ReadInt(value, key, min, max) : fallback;

    public double OptionalDouble(string key, double fallback) =>
        Get(key) is { } value ? ReadDouble(value, key) : fallback;

    public TimeSpan OptionalDuration(string key, TimeSpan fallback) =>
        Get(key) is { } value ? ReadDuration(value, key) : fallback;

    public YamlSequenceNode? OptionalSequence(string key) => Get(key) switch
    {
        null => null,
        YamlSequenceNode sequence => sequence,
        var other => throw Error(file, other, $"'{key}' in {context} must be a list"),
    };

    public T OptionalEnum<T>(string key, T fallback, IReadOnlyDictionary<string, T> names)
    {
        if (Get(key) is not { } value)
        {
            return fallback;
        }

        var text = ScalarText(value, key);
        return names.TryGetValue(text, out var result)
            ? result
            : throw Error(file, value, $"'{key}' in {context} is '{text}'; expected one of: {string.Join(", ", names.Keys)}");
    }

    public int ReadInt(YamlNode value, string what, int min, int max)
    {
        var text = ScalarText(value, what);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            throw Error(file, value, $"'{what}' in {context} is '{text}'; expected a whole number");
        }

        return number < min || number > max
            ? throw Error(file, value, $"'{what}' in {context} is {number}; expected a number from {min} to {max}")
            : number;
    }

    public double ReadDouble(YamlNode value, string what)
    {
        var text = ScalarText(value, what);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw Error(file, value, $"'{what}' in {context} is '{text}'; expected a number");
    }

    public TimeSpan ReadDuration(YamlNode value, string what)
    {
        var text = ScalarText(value, what);
        return Quantities.TryParseDuration(text, out var duration) && duration > TimeSpan.Zero
            ? duration
            : throw Error(file, value, $"'{what}' in {context} is '{text}'; expected a positive duration such as 500ms, 10s or 2m");
    }

    public string ScalarText(YamlNode value, string what) => value is YamlScalarNode { Value: { } text }
        ? text
        : throw Error(file, value, $"'{what}' in {context} must be a single value, not a list or mapping");

    public ScenarioException Error(YamlNode at, string problem) => Error(file, at, problem);

    public static ScenarioException Error(string file, YamlNode at, string problem) =>
        new(file, at.Start.Line, at.Start.Column, problem);

    private static string? ClosestKey(string typed, IReadOnlyCollection<string> allowed)
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
