using Harness.Data;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>A dataset named in a scenario (for accuracy or for calibration), checked against the catalog.</summary>
internal static class DatasetName
{
    public static string Read(YamlMap map, YamlNode node)
    {
        var name = map.ScalarText(node, "dataset");
        return DatasetNames.All.Contains(name)
            ? name
            : throw map.Error(node, $"unknown dataset '{name}'; known datasets: {string.Join(", ", DatasetNames.All)}");
    }
}
