namespace Harness.Reports.Charts;

/// <summary>
/// Every chart a report shows, drawn from the <see cref="RunReport"/> alone, in reading order:
/// the trade-off first (accuracy against p99 with the Pareto frontier, cost), then latency
/// (percentile curves, throughput against p99, batch scaling), then quality (slices, drift) and the
/// roofline. A chart with nothing to show is not drawn; a variant has one colour in all of them.
/// </summary>
public static class ReportCharts
{
    /// <summary>Each kind of chart: the charts it draws from a report, none when the report lacks its figures.</summary>
    private static readonly Func<RunReport, VariantColors, IEnumerable<ReportChart>>[] Kinds =
    [
        ParetoCharts.Of,
        CostCharts.Of,
        PercentileCharts.Of,
        ThroughputLatencyChart.Of,
        BatchScalingCharts.Of,
        QualityCharts.Of,
        RooflineChart.Of,
    ];

    public static IReadOnlyList<ReportChart> Of(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var colors = VariantColors.Of(report);
        return [.. Kinds.SelectMany(kind => kind(report, colors))];
    }
}
