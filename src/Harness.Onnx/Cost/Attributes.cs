using Harness.Onnx.Model.Proto;

namespace Harness.Onnx.Cost;

/// <summary>Reads a node's attributes by name, with ONNX's defaults where one is absent.</summary>
internal static class Attributes
{
    public static long Int(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.I : fallback;

    public static long[]? Ints(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { Ints.Count: > 0 } attribute ? [.. attribute.Ints] : null;

    public static string? String(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.S.ToStringUtf8() : null;
}
