using Harness.Plan;
using Harness.Plan.Reading;
using YamlDotNet.RepresentationModel;

namespace Harness.Reports.Gate;

/// <summary>
/// Reads a gate file (version 1) with the scenario reader's rules: unknown keys, wrong types and
/// values out of range are <c>file:line:column</c> errors with what was expected. Keys left out
/// keep <see cref="GateConfig.Default"/>'s values; an override's thresholds left out keep the file's.
/// </summary>
/// <example>
/// version: 1
/// p50: { warn: 3%, fail: 5% }
/// p99: { warn: 10%, fail: 20% }
/// noise_floor: 0.02ms
/// overrides:
///   - { match: "ppocr-rec/*", p50: { fail: 8% } }
/// ignore: ["*/fp16/*"]
/// </example>
public static class GateConfigReader
{
    private static readonly string[] TopKeys = ["version", "significance", "confidence", "resamples", "seed", "min_samples", "noise_floor", "p50", "p99", "baseline_runs", "require_valid", "machine_speed_tolerance", "overrides", "ignore"];
    private static readonly string[] ThresholdKeys = ["warn", "fail"];
    private static readonly string[] OverrideKeys = ["match", "p50", "p99"];

    public static GateConfig ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(VersionedYamlFile.ReadText(path, "gate file"), path);
    }

    public static GateConfig Read(string text, string path)
    {
        var top = VersionedYamlFile.Top(text, path, "gate file", TopKeys);
        var defaults = GateConfig.Default;
        var p50 = Threshold(top, "p50", defaults.P50);
        var p99 = Threshold(top, "p99", defaults.P99);
        var overrides = new List<GateOverride>();
        if (top.OptionalSequence("overrides") is { } list)
        {
            for (var i = 0; i < list.Children.Count; i++)
            {
                var entry = new YamlMap(list.Children[i], path, $"overrides[{i}]", OverrideKeys);
                overrides.Add(new GateOverride(entry.RequireString("match"), Threshold(entry, "p50", p50), Threshold(entry, "p99", p99)));
            }
        }

        return new GateConfig(
            Significance: Probability(top, "significance", defaults.Significance),
            Confidence: Probability(top, "confidence", defaults.Confidence),
            Resamples: top.OptionalInt("resamples", defaults.Resamples, 100, 100_000),
            Seed: top.OptionalInt("seed", defaults.Seed, 0, int.MaxValue),
            MinSamples: top.OptionalInt("min_samples", defaults.MinSamples, 2, int.MaxValue),
            NoiseFloorMs: top.Get("noise_floor") is { } floor ? NoiseFloor(top, floor) : defaults.NoiseFloorMs,
            P50: p50,
            P99: p99,
            BaselineRuns: top.OptionalInt("baseline_runs", defaults.BaselineRuns, 1, 1000),
            RequireValid: top.OptionalBool("require_valid", defaults.RequireValid),
            MachineSpeedTolerance: top.Get("machine_speed_tolerance") is { } speed ? top.ReadFraction(speed, "machine_speed_tolerance") : defaults.MachineSpeedTolerance,
            Overrides: overrides,
            Ignore: top.OptionalNames("ignore"));
    }

    private static GateThreshold Threshold(YamlMap parent, string key, GateThreshold fallback)
    {
        if (parent.Get(key) is not { } node)
        {
            return fallback;
        }

        var map = new YamlMap(node, parent.File, $"'{key}' in {parent.Context}", ThresholdKeys);
        var warn = map.Get("warn") is { } w ? map.ReadFraction(w, "warn") : fallback.Warn;
        var fail = map.Get("fail") is { } f ? map.ReadFraction(f, "fail") : fallback.Fail;
        if (fail <= 0)
        {
            throw map.Error(map.Get("fail") ?? node, $"'fail' in {map.Context} is {fail:0.#%}; expected a threshold above 0, such as 5%");
        }

        return warn > fail
            ? throw map.Error(map.Get("warn") ?? node, $"'warn' in {map.Context} is {warn:0.#%}, above its fail threshold of {fail:0.#%}; expected warn ≤ fail")
            : new GateThreshold(warn, fail);
    }

    private static double Probability(YamlMap map, string key, double fallback)
    {
        if (map.Get(key) is not { } node)
        {
            return fallback;
        }

        var value = map.ReadFraction(node, key);
        return value is > 0 and < 1
            ? value
            : throw map.Error(node, $"'{key}' in {map.Context} is {map.ScalarText(node, key)}; expected a level strictly between 0 and 1, such as 1% or 0.99");
    }

    private static double NoiseFloor(YamlMap map, YamlNode node)
    {
        var text = map.ScalarText(node, "noise_floor");
        return Quantities.TryParseMilliseconds(text, out var milliseconds) && milliseconds >= 0
            ? milliseconds
            : throw map.Error(node, $"'noise_floor' in {map.Context} is '{text}'; expected a duration of 0 or more such as 0.02ms or 50us");
    }
}
