using System.Text.Json;
using Harness.Results;

namespace Harness.Cli.Commands;

/// <summary>A run named on the command line: its folder (results/&lt;run-id&gt;, results/latest) or its results.json.</summary>
internal static class RunArgument
{
    public const string Description = "a run folder (results/<run-id>, results/latest) or its results.json";

    public static (string Folder, string ResultsPath) Locate(string run)
    {
        if (Directory.Exists(run))
        {
            var results = Path.Combine(run, ResultsStore.ResultsFileName);
            return File.Exists(results)
                ? (run, results)
                : throw new UsageException($"{run} holds no {ResultsStore.ResultsFileName}; name a run folder that 'harness run' wrote, such as results/latest");
        }

        return File.Exists(run)
            ? (Path.GetDirectoryName(Path.GetFullPath(run))!, run)
            : throw new UsageException($"{run} does not exist; name a run folder (results/<run-id>) or its {ResultsStore.ResultsFileName}");
    }

    public static RunResults Read(string resultsPath)
    {
        try
        {
            return ResultsStore.Read(resultsPath);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new UsageException($"{resultsPath} is not a results file that 'harness run' wrote: {e.Message}", e);
        }
    }
}
