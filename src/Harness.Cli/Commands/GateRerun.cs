using Harness.Reports.Gate;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness gate --rerun</c>: the measurements the first comparison flagged (a regression, or
/// inconclusive on the numbers, not for want of a baseline) are measured again from the current
/// run's scenario, into a run folder under the current one, and judged on the new latencies. The
/// others keep their verdicts, so a noisy moment costs a re-run of one job, not of the suite.
/// </summary>
internal static class GateRerun
{
    public static async Task<GateReport> ApplyAsync(GateReport report, GateBaseline baseline, GatedRun current, TextWriter output, CancellationToken cancellation)
    {
        var flagged = report.Measurements
            .Where(m => m.Verdict == GateVerdict.Regression || (m.Verdict == GateVerdict.Inconclusive && m.Percentiles.Count > 0))
            .Select(m => m.Id)
            .ToHashSet(StringComparer.Ordinal);
        if (flagged.Count == 0)
        {
            return report;
        }

        var scenarioPath = current.Results.Scenario.Path;
        if (!File.Exists(scenarioPath))
        {
            throw new GateInputException($"--rerun measures again from the current run's scenario, {scenarioPath}, which does not exist here; run the gate from where the run was made");
        }

        output.WriteLine($"re-running {flagged.Count} flagged measurement{(flagged.Count == 1 ? string.Empty : "s")}: {string.Join(", ", flagged.Order(StringComparer.Ordinal))}");
        var (resultsPath, _) = await RunCommand.RunAsync(scenarioPath, Path.Combine(current.Folder, "rerun"), shardText: null, historyPath: null, flagged.Contains, cancellation).ConfigureAwait(false);
        var rerun = GatedRun.Read(resultsPath);
        var verdicts = report.Measurements
            .Select(m => flagged.Contains(m.Id) ? BaselineComparison.Judge(m.Id, baseline, rerun, report.Config) with { Rerun = true } : m)
            .ToList();
        return report with { Measurements = verdicts };
    }
}
