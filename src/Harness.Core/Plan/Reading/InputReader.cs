using System.Globalization;
using System.Numerics;
using Harness.Measure;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>
/// Reads one entry of a model's <c>inputs</c>: its shape (sizes and symbols; omitted, the model's
/// own), its batch axis, and how to fill it, in the fill vocabulary of <see cref="Fills"/>.
/// </summary>
internal static class InputReader
{
    private static readonly string[] Keys = ["name", "shape", "batch_axis", "fill", "low", "high", "mean", "std", "value", "values", "seed"];

    private static readonly string[] FillKeys = ["fill", "low", "high", "mean", "std", "value", "values"];

    /// <summary>The largest fixed dimension: beyond it no tensor fits in memory, and products of dimensions could overflow.</summary>
    private const long LargestDimension = 1L << 31;

    public static InputSpec Read(YamlNode node, string file, string context, int defaultSeed)
    {
        var map = new YamlMap(node, file, context, Keys);
        var name = map.RequireString("name");
        var shape = map.Get("shape") is { } shapeNode ? Shape(map, shapeNode, name) : null;
        int? batchAxis = map.Get("batch_axis") is { } axisNode ? map.ReadInt(axisNode, "batch_axis", 0, 64) : null;
        if (batchAxis is { } axis && shape is not null)
        {
            if (axis >= shape.Count)
            {
                throw map.Error(map.Require("batch_axis"), $"input '{name}' has {shape.Count} dimensions, so batch_axis {axis} does not exist");
            }

            if (shape[axis].Symbol != InputResolver.BatchSymbol || shape.Where((d, i) => i != axis).Any(d => d.Symbol == InputResolver.BatchSymbol))
            {
                throw map.Error(map.Require("batch_axis"), $"input '{name}': batch_axis {axis} must be where 'batch' stands in shape [{string.Join(", ", shape)}]; give one of them");
            }
        }

        var fill = Fill(map, node, name, map.OptionalInt("seed", defaultSeed, int.MinValue, int.MaxValue));
        return new InputSpec(name, shape, fill) { BatchAxis = batchAxis, FillGiven = FillKeys.Any(map.Has) };
    }

    private static List<DimensionSpec> Shape(YamlMap map, YamlNode shapeNode, string name)
    {
        var dims = shapeNode as YamlSequenceNode ?? throw map.Error(shapeNode, $"input '{name}': 'shape' must be a list, e.g. [batch, 3, 48, 192] ([] for a scalar)");
        return dims.Children.Select(dim =>
        {
            var text = map.ScalarText(dim, "shape");
            if (IsSymbol(text))
            {
                return DimensionSpec.Named(text);
            }

            if (!BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var size))
            {
                throw map.Error(dim, $"dimension '{text}' in input '{name}' must be a positive number or a symbol name such as batch");
            }

            return size >= 1 && size <= LargestDimension
                ? DimensionSpec.Fixed((long)size)
                : throw map.Error(dim, $"dimension {text} in input '{name}' must be from 1 to {LargestDimension}");
        }).ToList();
    }

    private static FillSpec Fill(YamlMap map, YamlNode node, string name, int seed)
    {
        var kind = map.OptionalChoice("fill", FillKind.Uniform, Fills.ByName);
        var values = kind switch
        {
            FillKind.Constant => [map.Get("value") is { } value ? map.ReadDouble(value, "value") : throw map.Error(node, $"input '{name}': fill: constant needs 'value', e.g. value: 16000")],
            FillKind.Values => map.OptionalSequence("values") is { } list && list.Children.Count > 0
                ? list.Children.Select(v => map.ReadDouble(v, "values")).ToList()
                : throw map.Error(map.Get("values") ?? node, $"input '{name}': fill: values needs a non-empty 'values' list, e.g. values: [1, 2, 3]"),
            _ => new List<double>(),
        };
        // 'value' belongs to a constant and 'values' to a list: elsewhere they would be silently ignored.
        foreach (var (key, owner) in new[] { ("value", FillKind.Constant), ("values", FillKind.Values) })
        {
            if (kind != owner && map.Get(key) is { } stray)
            {
                throw map.Error(stray, $"input '{name}': '{key}' belongs to fill: {owner.ToString().ToLowerInvariant()}, not fill: {kind.ToString().ToLowerInvariant()}");
            }
        }

        var fill = new FillSpec(kind, map.OptionalDouble("low", 0), map.OptionalDouble("high", 1), map.OptionalDouble("mean", 0), map.OptionalDouble("std", 1), seed) { Values = values };
        return Fills.Problem(fill) is { } problem ? throw map.Error(node, $"input '{name}': {problem}") : fill;
    }

    private static bool IsSymbol(string text) =>
        text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-');
}
