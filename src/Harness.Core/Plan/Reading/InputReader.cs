using System.Globalization;
using System.Numerics;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>Reads one entry of a model's <c>inputs</c>: its shape (sizes and symbols) and how to fill it.</summary>
internal static class InputReader
{
    private static readonly string[] Keys = ["name", "shape", "fill", "low", "high", "mean", "std", "seed"];

    private static readonly Dictionary<string, FillKind> Fills = new() { ["uniform"] = FillKind.Uniform, ["normal"] = FillKind.Normal, ["zeros"] = FillKind.Zeros };

    /// <summary>The largest fixed dimension: beyond it no tensor fits in memory, and products of dimensions could overflow.</summary>
    private const long LargestDimension = 1L << 31;

    public static InputSpec Read(YamlNode node, string file, string context, int defaultSeed)
    {
        var map = new YamlMap(node, file, context, Keys);
        var name = map.RequireString("name");
        var shapeNode = map.OptionalSequence("shape") ?? throw map.Error(node, $"input '{name}' needs 'shape', e.g. [batch, 3, 48, 192]");
        var shape = shapeNode.Children.Select(dim =>
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
        var fill = new FillSpec(
            map.OptionalChoice("fill", FillKind.Uniform, Fills),
            map.OptionalDouble("low", 0),
            map.OptionalDouble("high", 1),
            map.OptionalDouble("mean", 0),
            map.OptionalDouble("std", 1),
            map.OptionalInt("seed", defaultSeed, int.MinValue, int.MaxValue));
        if (fill.Kind == FillKind.Uniform && fill.High <= fill.Low)
        {
            throw map.Error(node, $"input '{name}': 'high' ({fill.High}) must be above 'low' ({fill.Low})");
        }

        return new InputSpec(name, shape, fill);
    }

    private static bool IsSymbol(string text) =>
        text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-');
}
