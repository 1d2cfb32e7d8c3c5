using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Optimize.Variants;

/// <summary>
/// JSON with one spelling per value: object keys sorted ordinally at every level, no whitespace,
/// invariant number formatting. Two specs that mean the same thing hash the same, whatever order
/// their options were set in.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static string Write(JsonNode? node) => Canonicalize(node)?.ToJsonString(Compact) ?? "null";

    /// <summary>A JSON array of strings sorted ordinally and without duplicates: for option lists that are sets.</summary>
    public static JsonArray SortedSet(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new JsonArray(values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
    }

    private static JsonNode? Canonicalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonicalize(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Canonicalize).ToArray()),
        _ => node?.DeepClone(),
    };
}
