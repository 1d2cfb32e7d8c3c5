using System.Globalization;
using Harness.Plan;
using Harness.Plan.Reading;
using YamlDotNet.RepresentationModel;

namespace Harness.Devices;

/// <summary>
/// Reads a device file (version 1) or a scenario's own <c>profiles</c>. Every mistake is a
/// <c>file:line:column</c> error, like a scenario's: a profile without its source or date, a
/// memory size without its unit, a figure that is not a rate.
/// </summary>
public static class DeviceTableReader
{
    private static readonly string[] TopKeys = ["version", "profiles"];
    private static readonly string[] ProfileKeys = ["device", "cpu", "architecture", "cores", "memory", "performance", "price", "source", "date"];
    private static readonly string[] PerformanceKeys = ["peak_fp32", "memory_bandwidth", "source", "date"];

    public static DeviceTable ReadFile(string path)
    {
        return Read(VersionedYamlFile.ReadText(path, "device file"), path);
    }

    public static DeviceTable Read(string text, string path)
    {
        var top = VersionedYamlFile.Top(text, path, "device file", TopKeys);
        return new DeviceTable(ReadProfiles(top.Require("profiles"), path, "profiles"));
    }

    /// <summary>A mapping of profile names to profiles: a device file's, or a scenario's own under <c>devices.profiles</c>.</summary>
    internal static Dictionary<string, DeviceProfile> ReadProfiles(YamlNode node, string file, string context)
    {
        var section = node as YamlMappingNode ?? throw YamlMap.Error(file, node, $"'{context}' must be a mapping of profile names to profiles");
        var profiles = new Dictionary<string, DeviceProfile>(StringComparer.Ordinal);
        foreach (var (nameNode, value) in section.Children)
        {
            var name = (nameNode as YamlScalarNode)?.Value ?? throw YamlMap.Error(file, nameNode, $"a profile name in '{context}' must be a single value");
            profiles[name] = ReadProfile(name, new YamlMap(value, file, $"profile '{name}'", ProfileKeys));
        }

        return profiles;
    }

    private static DeviceProfile ReadProfile(string name, YamlMap map)
    {
        var memoryNode = map.Require("memory");
        var memoryText = map.ScalarText(memoryNode, "memory");
        if (!Quantities.TryParseBytes(memoryText, out var memory) || memory <= 0)
        {
            throw map.Error(memoryNode, $"'memory' in profile '{name}' is '{memoryText}'; expected a size such as 8GiB or 512MiB");
        }

        return new DeviceProfile(
            name,
            map.RequireString("device"),
            map.RequireString("cpu"),
            map.RequireString("architecture"),
            map.ReadInt(map.Require("cores"), "cores", 1, 1024),
            memory,
            map.Get("performance") is { } performance ? ReadPerformance(name, new YamlMap(performance, map.File, $"profile '{name}'.performance", PerformanceKeys)) : null,
            map.OptionalString("price"),
            map.RequireString("source"),
            map.RequireString("date"));
    }

    private static PublishedPerformance ReadPerformance(string name, YamlMap map)
    {
        var peak = Rate(map, "peak_fp32", "GFLOP/s", "153.6GFLOP/s");
        var bandwidth = Rate(map, "memory_bandwidth", "GB/s", "17.1GB/s");
        if (peak is null && bandwidth is null)
        {
            throw map.Error(map.Node, $"'performance' in profile '{name}' gives no figure; expected peak_fp32, memory_bandwidth or both");
        }

        return new PublishedPerformance(peak, bandwidth, map.RequireString("source"), map.RequireString("date"));
    }

    /// <summary>A positive rate with its unit (<c>17.1GB/s</c>); the unit is required, so a figure's meaning never lives in a comment.</summary>
    private static double? Rate(YamlMap map, string key, string unit, string example)
    {
        if (map.Get(key) is not { } node)
        {
            return null;
        }

        var text = map.ScalarText(node, key).Trim();
        return text.EndsWith(unit, StringComparison.Ordinal)
            && double.TryParse(text[..^unit.Length].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value) && value > 0
            ? value
            : throw map.Error(node, $"'{key}' is '{text}'; expected a positive rate in {unit}, such as {example}");
    }
}
