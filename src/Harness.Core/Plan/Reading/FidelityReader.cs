using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>Reads a model's <c>fidelity</c> section: the bounds a variant's outputs must keep against the reference's, and how many samples to compare.</summary>
internal static class FidelityReader
{
    private static readonly string[] Keys = ["min_cosine", "max_rel_error", "samples"];

    public static FidelitySpec Read(YamlNode node, string file, string context)
    {
        var map = new YamlMap(node, file, context, Keys);
        double? minCosine = null;
        if (map.Get("min_cosine") is { } cosineNode)
        {
            var cosine = map.ReadDouble(cosineNode, "min_cosine");
            minCosine = cosine is >= -1 and <= 1
                ? cosine
                : throw map.Error(cosineNode, $"'min_cosine' in {context} is {cosine}; a cosine similarity lies between -1 and 1 (0.99, say)");
        }

        return new FidelitySpec(
            minCosine,
            map.Get("max_rel_error") is { } relative ? map.ReadFraction(relative, "max_rel_error") : null,
            map.OptionalInt("samples", FidelitySpec.Default.Samples, 1, 100_000));
    }
}
