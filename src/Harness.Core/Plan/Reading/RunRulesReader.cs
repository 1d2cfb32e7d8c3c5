using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>Reads the <c>run</c> section: when a measurement is long enough, and when to give up on it.</summary>
internal static class RunRulesReader
{
    private static readonly string[] Keys =
        ["warmup", "min_duration", "min_queries", "max_duration", "max_queries", "timeout", "seed", "stability_tolerance", "max_late_fraction", "max_search_probes", "until_steady"];

    public static RunRules Read(YamlNode node, string file)
    {
        var map = new YamlMap(node, file, "run", Keys);
        var d = RunRules.Defaults;
        var rules = new RunRules(
            map.OptionalInt("warmup", d.WarmupQueries, 0, 1_000_000),
            map.OptionalDuration("min_duration", d.MinDuration),
            map.OptionalInt("min_queries", d.MinQueries, 1, 100_000_000),
            map.OptionalDuration("max_duration", d.MaxDuration),
            map.OptionalInt("max_queries", d.MaxQueries, 1, 100_000_000),
            map.OptionalDuration("timeout", d.JobTimeout),
            map.OptionalInt("seed", d.Seed, int.MinValue, int.MaxValue),
            map.Get("stability_tolerance") is { } tolerance ? map.ReadFraction(tolerance, "stability_tolerance") : d.StabilityTolerance,
            map.Get("max_late_fraction") is { } late ? map.ReadFraction(late, "max_late_fraction") : d.MaxLateFraction,
            map.OptionalInt("max_search_probes", d.MaxSearchProbes, 2, 100),
            map.OptionalBool("until_steady", d.UntilSteady));
        if (rules.MaxQueries < rules.MinQueries)
        {
            throw map.Error(map.Get("max_queries") ?? map.Node, $"max_queries ({rules.MaxQueries}) is below min_queries ({rules.MinQueries})");
        }

        if (rules.MaxDuration < rules.MinDuration)
        {
            throw map.Error(map.Get("max_duration") ?? map.Node, $"max_duration ({Quantities.FormatDuration(rules.MaxDuration)}) is below min_duration ({Quantities.FormatDuration(rules.MinDuration)})");
        }

        // A job measures for at least min_duration, so a shorter limit kills every job before it can finish.
        if (rules.JobTimeout <= rules.MinDuration)
        {
            throw map.Error(
                map.Get("timeout") ?? map.Get("min_duration") ?? map.Node,
                $"'timeout' ({Quantities.FormatDuration(rules.JobTimeout)}) is not above min_duration ({Quantities.FormatDuration(rules.MinDuration)}): every job would be killed before it could finish; raise timeout or lower min_duration");
        }

        return rules;
    }
}
