using System.Security.Cryptography;
using Harness.Plan.Reading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan;

/// <summary>
/// Reads a version-1 scenario file into a <see cref="Scenario"/>. Everything is validated here,
/// before any job starts, so a typo costs a second, not a half-finished run. Each section has its
/// own reader (<see cref="ModelReader"/>, <see cref="TargetReader"/>, <see cref="LoadReader"/>,
/// <see cref="RunRulesReader"/>); this class reads the YAML and puts the sections together.
/// </summary>
public static class ScenarioParser
{
    private static readonly string[] TopKeys = ["version", "name", "description", "models", "targets", "loads", "run", "pricing", "devices"];

    public static Scenario ParseFile(string path)
    {
        if (Directory.Exists(path))
        {
            var yamls = Directory.GetFiles(path, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(5).ToList();
            throw new ScenarioException($"{path} is a folder, not a scenario file; name one of its YAML files" + (yamls.Count > 0 ? $", e.g. {string.Join(", ", yamls)}" : string.Empty));
        }

        if (!File.Exists(path))
        {
            throw new ScenarioException($"{path}: scenario file not found");
        }

        var bytes = File.ReadAllBytes(path);
        var scenario = Parse(System.Text.Encoding.UTF8.GetString(bytes), path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        ModelCheck.CheckAll(scenario);
        return scenario;
    }

    public static Scenario Parse(string text, string path, string sha256 = "")
    {
        var stream = LoadYaml(text, path);
        if (stream.Documents.Count == 0)
        {
            throw new ScenarioException(path, 1, 1, "the scenario is empty; expected keys: " + string.Join(", ", TopKeys));
        }

        var top = new YamlMap(stream.Documents[0].RootNode, path, "the scenario", TopKeys);
        var version = top.ReadInt(top.Require("version"), "version", 1, int.MaxValue);
        if (version != 1)
        {
            throw top.Error(top.Require("version"), $"scenario version {version} is not supported; this harness reads version 1");
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var models = ReadList(top, "models", (node, i) => ModelReader.Read(node, path, i, baseDirectory));
        var pricingNode = top.Get("pricing");
        var pricing = new Lazy<(PricingSpec Spec, Price.PriceTable Table)>(() => PricingReader.Read(pricingNode, path, baseDirectory));
        var devicesNode = top.Get("devices");
        var devices = new Lazy<Devices.DeviceTable>(() => DevicesReader.Read(devicesNode, path, baseDirectory));
        if (devicesNode is not null)
        {
            _ = devices.Value; // a scenario's own profiles are checked even where no target uses them
        }

        var targets = top.Has("targets")
            ? ReadList(top, "targets", (node, i) => TargetReader.Read(node, path, i, () => pricing.Value.Table, () => devices.Value)).SelectMany(t => t).ToList()
            : [TargetSpec.DefaultCpu];
        var loads = top.Has("loads")
            ? LoadReader.ReadAll(RequireList(top, "loads"), path)
            : [LoadSpec.SingleStream()];
        var rules = top.Get("run") is { } runNode ? RunRulesReader.Read(runNode, path) : RunRules.Defaults;

        RequireUniqueNames(top, "models", models.Select(m => m.Name).ToList());
        if (targets.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw top.Error(top.Require("targets"), $"two targets are named '{clash.Key}' (after expanding swept knobs); names must be unique");
        }

        var name = top.OptionalString("name") ?? Path.GetFileNameWithoutExtension(path);
        var priced = pricingNode is not null || targets.Any(t => t.Price is not null);
        return new Scenario(name, path, sha256, models, targets, loads, rules) { Pricing = priced ? pricing.Value.Spec : null };
    }

    /// <summary>
    /// The YAML document tree. Every failure of the YAML library becomes a located message: its
    /// own exceptions carry a position; anything else it throws is reported at the start of the file.
    /// </summary>
    private static YamlStream LoadYaml(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
            return stream;
        }
        catch (YamlException e)
        {
            // YamlDotNet's message repeats the position; keep only the description.
            var problem = e.InnerException?.Message ?? e.Message;
            var colon = problem.IndexOf("): ", StringComparison.Ordinal);
            throw new ScenarioException(path, Math.Max(1, e.Start.Line), Math.Max(1, e.Start.Column), "invalid YAML: " + (colon >= 0 ? problem[(colon + 3)..] : problem));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException or InsufficientExecutionStackException)
        {
            throw new ScenarioException(path, 1, 1, "invalid YAML: " + e.Message);
        }
    }

    private static List<T> ReadList<T>(YamlMap map, string key, Func<YamlNode, int, T> read) =>
        RequireList(map, key).Children.Select(read).ToList();

    private static YamlSequenceNode RequireList(YamlMap map, string key)
    {
        var sequence = map.OptionalSequence(key) ?? throw map.Error(map.Node, $"the scenario is missing the required list '{key}'");
        return sequence.Children.Count == 0 ? throw map.Error(sequence, $"'{key}' is empty; give at least one entry") : sequence;
    }

    private static void RequireUniqueNames(YamlMap top, string key, IReadOnlyList<string> names)
    {
        if (top.Get(key) is not YamlSequenceNode sequence)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (!seen.Add(names[i]))
            {
                throw top.Error(sequence.Children[i], $"two {key} are named '{names[i]}'; names must be unique");
            }
        }
    }
}
