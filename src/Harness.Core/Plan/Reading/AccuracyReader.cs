using Harness.Data.Shifts;
using Harness.Evaluate;
using Harness.Evaluate.Metrics;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>Reads a model's <c>accuracy</c> section: the dataset, metrics, slices, quality bound and drift shifts.</summary>
internal static class AccuracyReader
{
    private static readonly string[] Keys = ["dataset", "metrics", "samples", "batch_size", "slices", "text", "max_drop", "resamples", "shifts"];

    private static readonly string[] ShiftKeys = ["kind", "strength"];

    private static readonly Dictionary<string, TextNormalization> TextModes = new()
    {
        ["none"] = TextNormalization.None,
        ["trim"] = TextNormalization.TrimEnds,
        ["ignore-spaces"] = TextNormalization.IgnoreSpaces,
    };

    private static readonly Dictionary<string, ShiftKind> ShiftNames =
        Enum.GetValues<ShiftKind>().ToDictionary(kind => kind.Name(), kind => kind, StringComparer.Ordinal);

    public static AccuracySpec Read(YamlNode node, string file, string context)
    {
        var map = new YamlMap(node, file, context, Keys);
        return new AccuracySpec(
            DatasetName.Read(map, map.Require("dataset")),
            Metrics(map),
            map.OptionalInt("samples", 300, 1, 10_000_000),
            map.OptionalInt("batch_size", 1, 1, 4096),
            map.OptionalNames("slices"),
            map.OptionalChoice("text", TextNormalization.None, TextModes),
            map.Get("max_drop") is { } drop ? map.ReadFraction(drop, "max_drop") : null,
            map.OptionalInt("resamples", 1000, 10, 100_000),
            Shifts(map));
    }

    /// <summary>Metric names stay names: the registry also knows parameterised ones (top3, f1[7]), so it, not a fixed list, decides.</summary>
    private static List<string> Metrics(YamlMap map)
    {
        var metrics = new List<string>();
        foreach (var node in map.OptionalSequence("metrics")?.Children ?? [])
        {
            var metric = map.ScalarText(node, "metrics");
            if (!MetricRegistry.TryCreate(metric, out _))
            {
                throw map.Error(node, $"unknown metric '{metric}'; known metrics: {string.Join(", ", MetricRegistry.Names)}");
            }

            metrics.Add(metric);
        }

        return metrics;
    }

    private static List<ShiftRequest> Shifts(YamlMap map) =>
        map.OptionalSequence("shifts") is { } shiftList
            ? shiftList.Children.Select((node, i) =>
            {
                var shift = new YamlMap(node, map.File, $"shifts[{i}]", ShiftKeys);
                var kind = shift.ReadChoice(shift.Require("kind"), "kind", ShiftNames);
                var strength = shift.OptionalDouble("strength", 0.1);
                try
                {
                    // Checked now, with the position, rather than when the worker meets it.
                    _ = new ShiftSpec(kind, strength, 0);
                }
                catch (ArgumentException e)
                {
                    throw shift.Error(node, e.Message.Split(" (Parameter", 2)[0]);
                }

                return new ShiftRequest(kind, strength);
            }).ToList()
            : [];
}
