namespace Harness.Reports.Gate;

/// <summary>
/// The runs a current run is compared with: one results file, every results file in a folder
/// (searched one level down, so a folder of run folders works), or the last runs from the history.
/// Their per-request latencies are pooled per measurement.
/// </summary>
public sealed record GateBaseline(string Description, IReadOnlyList<GatedRun> Runs)
{
    /// <summary>A results file, or a folder of them (its own results.json, else *.json and */results.json inside it).</summary>
    public static GateBaseline FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            return new GateBaseline(path, [GatedRun.Read(path)]);
        }

        if (!Directory.Exists(path))
        {
            throw new GateInputException($"baseline {path} does not exist; give a results file, a folder of them, or 'history'");
        }

        var own = Path.Combine(path, "results.json");
        var files = File.Exists(own)
            ? [own]
            : Directory.EnumerateFiles(path, "*.json")
                .Concat(Directory.EnumerateDirectories(path).Select(d => Path.Combine(d, "results.json")).Where(File.Exists))
                .Order(StringComparer.Ordinal)
                .ToList();
        return files.Count == 0
            ? throw new GateInputException($"baseline folder {path} holds no results files (*.json or */results.json)")
            : new GateBaseline(path, [.. files.Select(GatedRun.Read)]);
    }
}
