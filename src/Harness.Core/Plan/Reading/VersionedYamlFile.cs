using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>
/// Harness's own YAML files beside scenarios (the price table, device profiles, the gate's rules):
/// read, parsed and held to version 1 the same way, every error with its file, line and column.
/// </summary>
internal static class VersionedYamlFile
{
    /// <param name="what">The file's kind in messages ("price file").</param>
    public static string ReadText(string path, string what) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new ScenarioException($"{path}: {what} not found");

    /// <summary>The file's top-level map, its keys checked against <paramref name="topKeys"/> and its <c>version</c> 1.</summary>
    public static YamlMap Top(string text, string path, string what, string[] topKeys)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ScenarioException(path, e.Start.Line, e.Start.Column, "invalid YAML: " + (e.InnerException?.Message ?? e.Message));
        }

        if (stream.Documents.Count == 0)
        {
            throw new ScenarioException(path, 1, 1, $"the {what} is empty; expected keys: " + string.Join(", ", topKeys));
        }

        var top = new YamlMap(stream.Documents[0].RootNode, path, $"the {what}", topKeys);
        top.ReadInt(top.Require("version"), "version", 1, 1);
        return top;
    }
}
