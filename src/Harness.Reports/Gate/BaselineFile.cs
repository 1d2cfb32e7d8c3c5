using System.Text.Json;
using Harness.Results;

namespace Harness.Reports.Gate;

/// <summary>
/// Makes a committed baseline from a run: <c>NAME.json</c> with its samples files beside it in
/// <c>NAME.samples/</c>, each measurement's <c>samplesFile</c> rewritten to point there, so several
/// baselines can share one folder (results/baselines/) and the gate reads them like any results file.
/// </summary>
public static class BaselineFile
{
    /// <returns>The number of samples files copied.</returns>
    public static int Save(GatedRun run, string path)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(path);
        if (!path.EndsWith(".json", StringComparison.Ordinal))
        {
            throw new GateInputException($"{path}: a baseline is a .json results file, e.g. results/baselines/ci-gate.json");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var samplesFolder = Path.GetFileNameWithoutExtension(path) + ".samples";
        var scratch = Path.Combine(folder, samplesFolder + ".partial");
        if (Directory.Exists(scratch))
        {
            Directory.Delete(scratch, recursive: true);
        }

        Directory.CreateDirectory(scratch);
        var measurements = new List<MeasurementResult>();
        var copied = 0;
        foreach (var m in run.Results.Measurements)
        {
            if (m.SamplesFile is not { } relative)
            {
                measurements.Add(m);
                continue;
            }

            var source = Path.Combine(run.Folder, relative);
            if (!File.Exists(source))
            {
                throw new GateInputException($"{run.ResultsPath}: '{m.Id}' names samples file {source}, which does not exist; a baseline needs every measurement's latencies");
            }

            File.Copy(source, Path.Combine(scratch, Path.GetFileName(relative)));
            measurements.Add(m with { SamplesFile = samplesFolder + "/" + Path.GetFileName(relative) });
            copied++;
        }

        // The samples first, then the file that names them: a baseline is never left pointing at files that are not there.
        var final = Path.Combine(folder, samplesFolder);
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }

        Directory.Move(scratch, final);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(run.Results with { Measurements = measurements }, ResultsJson.Indented));
        File.Move(path + ".tmp", path, overwrite: true);
        return copied;
    }
}
