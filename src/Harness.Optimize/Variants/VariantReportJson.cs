using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Optimize.Variants;

/// <summary>A <see cref="VariantReport"/> as JSON, stored with a cached variant so a cache hit can still say what was done.</summary>
public static class VariantReportJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Write(VariantReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new JsonObject
        {
            ["transform"] = report.Transform,
            ["notes"] = new JsonArray(report.Notes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            ["nodes"] = new JsonArray(report.Nodes.Select(n => (JsonNode?)new JsonObject
            {
                ["node"] = n.Node,
                ["opType"] = n.OpType,
                ["transformed"] = n.Transformed,
                ["reason"] = n.Reason,
            }).ToArray()),
        }.ToJsonString(Indented);
    }

    public static VariantReport Read(string json)
    {
        var root = JsonNode.Parse(json) ?? throw new JsonException("The variant report is empty.");
        var nodes = root["nodes"]!.AsArray().Select(n => new NodeDecision(
            (string)n!["node"]!, (string)n["opType"]!, (bool)n["transformed"]!, (string)n["reason"]!)).ToList();
        var notes = root["notes"]!.AsArray().Select(n => (string)n!).ToList();
        return new VariantReport((string)root["transform"]!, nodes, notes);
    }
}
