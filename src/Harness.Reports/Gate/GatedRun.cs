using System.Text.Json;
using Harness.Measure.LoadGenerators;
using Harness.Results;

namespace Harness.Reports.Gate;

/// <summary>A results file with the folder its samples files are relative to.</summary>
public sealed record GatedRun(RunResults Results, string Folder, string ResultsPath)
{
    public string Fingerprint => RunFingerprint.Of(Results.Environment);

    public static GatedRun Read(string resultsPath)
    {
        RunResults results;
        try
        {
            results = ResultsStore.Read(resultsPath);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new GateInputException($"{resultsPath} is not a results file that 'harness run' wrote: {e.Message}", e);
        }

        if (results.Schema != RunResults.SchemaV1)
        {
            throw new GateInputException($"{resultsPath} has schema '{results.Schema}'; this harness gates '{RunResults.SchemaV1}' results only");
        }

        return new GatedRun(results, Path.GetDirectoryName(Path.GetFullPath(resultsPath))!, resultsPath);
    }

    /// <summary>The measurement's per-request latencies; a result that names a samples file which is not there is an input error, not a verdict.</summary>
    public double[] Latencies(MeasurementResult measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        if (measurement.SamplesFile is not { } relative)
        {
            throw new GateInputException($"{ResultsPath}: '{measurement.Id}' has no samples file, so there are no per-request latencies to compare; run it again with this harness");
        }

        var path = Path.Combine(Folder, relative);
        try
        {
            return SamplesFile.ReadLatencies(path);
        }
        catch (FileNotFoundException e)
        {
            throw new GateInputException($"{ResultsPath}: '{measurement.Id}' names samples file {path}, which does not exist; copy the run folder with its samples/ folder", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new GateInputException($"{ResultsPath}: '{measurement.Id}' names samples file {path}, which does not exist; copy the run folder with its samples/ folder", e);
        }
        catch (InvalidDataException e)
        {
            throw new GateInputException(e.Message, e);
        }
    }
}
