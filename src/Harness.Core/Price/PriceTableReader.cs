using System.Globalization;
using Harness.Plan;
using Harness.Plan.Reading;
using YamlDotNet.RepresentationModel;

namespace Harness.Price;

/// <summary>
/// Reads a price file (version 1). Every mistake is a <c>file:line:column</c> error, like a
/// scenario's: an entry without a source or date, a price without its unit, a negative price.
/// </summary>
public static class PriceTableReader
{
    private static readonly string[] TopKeys = ["version", "instances", "devices", "electricity", "deployments"];
    private static readonly string[] InstanceKeys = ["on_demand", "reserved", "spot", "cores", "memory_gib", "gpu", "region", "source", "date"];
    private static readonly string[] DeviceKeys = ["price", "lifetime_months", "idle", "load", "source", "date"];
    private static readonly string[] ElectricityKeys = ["price", "source", "date"];
    private static readonly string[] DeploymentKeys = ["rtt", "source", "date"];

    /// <summary>The price file shipped with Harness, beside the scenarios.</summary>
    public static string DefaultPath(string scenariosFolder) => Path.Combine(scenariosFolder, "prices.yaml");

    public static PriceTable ReadFile(string path)
    {
        return Read(VersionedYamlFile.ReadText(path, "price file"), path);
    }

    public static PriceTable Read(string text, string path)
    {
        var top = VersionedYamlFile.Top(text, path, "price file", TopKeys);
        return new PriceTable(
            Section(top, "instances", InstanceKeys, ReadInstance),
            Section(top, "devices", DeviceKeys, ReadDevice),
            Section(top, "electricity", ElectricityKeys, ReadElectricity),
            Section(top, "deployments", DeploymentKeys, ReadDeployment));
    }

    private static Dictionary<string, T> Section<T>(YamlMap top, string key, string[] keys, Func<string, YamlMap, T> read)
    {
        var entries = new Dictionary<string, T>(StringComparer.Ordinal);
        if (top.Get(key) is not { } node)
        {
            return entries;
        }

        var section = node as YamlMappingNode ?? throw top.Error(node, $"'{key}' must be a mapping of names to entries");
        foreach (var (nameNode, value) in section.Children)
        {
            var name = top.ScalarText(nameNode, key + " name");
            entries[name] = read(name, new YamlMap(value, top.File, $"{key} entry '{name}'", keys));
        }

        return entries;
    }

    private static CloudInstance ReadInstance(string name, YamlMap map) => new(
        name,
        new UsdPerHour(Price(map, "on_demand", "/h", required: true)!.Value),
        Price(map, "reserved", "/h", required: false) is { } reserved ? new UsdPerHour(reserved) : null,
        Price(map, "spot", "/h", required: false) is { } spot ? new UsdPerHour(spot) : null,
        map.ReadInt(map.Require("cores"), "cores", 1, 100_000),
        Positive(map, "memory_gib"),
        map.OptionalString("gpu"),
        map.OptionalString("region") ?? "unspecified",
        Provenance(map));

    private static EdgeDevice ReadDevice(string name, YamlMap map)
    {
        var idle = Power(map, "idle");
        var load = Power(map, "load");
        if (load.Value < idle.Value)
        {
            throw map.Error(map.Require("load"), $"'load' in devices entry '{name}' is {load}, below its idle draw of {idle}; expected load ≥ idle");
        }

        return new EdgeDevice(name, Price(map, "price", string.Empty, required: true)!.Value, map.ReadInt(map.Require("lifetime_months"), "lifetime_months", 1, 1200), idle, load, Provenance(map));
    }

    private static ElectricityPrice ReadElectricity(string name, YamlMap map) =>
        new(name, new UsdPerKwh(Price(map, "price", "/kWh", required: true)!.Value), Provenance(map));

    private static Deployment ReadDeployment(string name, YamlMap map)
    {
        var node = map.Require("rtt");
        var text = map.ScalarText(node, "rtt");
        return Quantities.TryParseDuration(text, out var rtt) && rtt >= TimeSpan.Zero
            ? new Deployment(name, rtt, Provenance(map))
            : throw map.Error(node, $"'rtt' in deployments entry '{name}' is '{text}'; expected a round trip of 0 or more such as 2ms or 30ms");
    }

    /// <summary>A price with its unit, e.g. <c>$0.089/h</c>; refused without the unit, negative, or not a number.</summary>
    private static double? Price(YamlMap map, string key, string suffix, bool required)
    {
        var node = required ? map.Require(key) : map.Get(key);
        if (node is null)
        {
            return null;
        }

        var text = map.ScalarText(node, key);
        var example = suffix switch { "/h" => "$0.089/h", "/kWh" => "$0.16/kWh", _ => "$80" };
        if (text.TrimStart().StartsWith("-", StringComparison.Ordinal) || text.Contains("$-", StringComparison.Ordinal))
        {
            throw map.Error(node, $"'{key}' is {text}; a price cannot be negative");
        }

        return Money.TryParse(text, suffix) ?? throw map.Error(node, $"'{key}' is '{text}'; expected a price in dollars with its unit, such as {example}");
    }

    private static Watts Power(YamlMap map, string key)
    {
        var node = map.Require(key);
        var text = map.ScalarText(node, key).Trim();
        return text.EndsWith('W') && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var watts) && double.IsFinite(watts)
            ? new Watts(watts)
            : throw map.Error(node, $"'{key}' is '{text}'; expected a power of 0 or more with its unit, such as 2.7W");
    }

    private static double Positive(YamlMap map, string key)
    {
        var node = map.Require(key);
        var value = map.ReadDouble(node, key);
        return value > 0 ? value : throw map.Error(node, $"'{key}' is {value}; expected a number above 0");
    }

    /// <summary>Every entry says where its figure came from and when: a price without a date cannot be judged stale.</summary>
    private static PriceSource Provenance(YamlMap map) => new(map.RequireString("source"), map.RequireString("date"));
}
