using System.Globalization;
using Harness.Measure.Statistics;

namespace Harness.Measure.Stopping;

/// <summary>LoadGen's early stopping: enough queries to claim the load's percentile at 99% confidence.</summary>
public sealed class EarlyStoppingRule : IStoppingRule
{
    /// <summary>Queries a claim of <paramref name="percentile"/> needs; null when the load claims none.</summary>
    public static long? QueriesNeeded(double? percentile) => percentile is { } claimed ? EarlyStopping.MinimumQueries(claimed) : null;

    public string? Violation(RunEvidence run) => QueriesNeeded(run.Percentile) is { } needed && run.Count < needed
        ? $"{run.Count} queries cannot support a {Percent(run.Percentile!.Value)} claim at 99% confidence; at least {needed} are needed"
        : null;

    private static string Percent(double percentile) => "p" + (percentile * 100).ToString("0.###", CultureInfo.InvariantCulture);
}
