using Harness.Results;

namespace Harness.Reports;

/// <summary>One accuracy job: the headline with its interval, the other metrics, and the worst slice.</summary>
/// <param name="Id">The job id (model/variant/target/accuracy).</param>
/// <param name="OtherMetrics">Every metric asked for except the headline, in the order computed.</param>
/// <param name="WorstSlice">The worst group across all slice attributes; null without slices.</param>
/// <param name="Scored">Samples the model answered (asked for, less failed).</param>
public sealed record AccuracyRow(
    string Id,
    string Model,
    string Variant,
    string Target,
    string Dataset,
    HeadlineMetric Headline,
    bool Rejected,
    IReadOnlyList<KeyValuePair<string, double>> OtherMetrics,
    WorstSlice? WorstSlice,
    int Samples,
    int Scored,
    int FailedSamples,
    double SamplesPerSec)
{
    /// <summary>The headline per group of each slice attribute (font, class…), as measured.</summary>
    public IReadOnlyList<SliceTable> Slices { get; init; } = [];

    /// <summary>The headline under each synthetic drift the scenario asked for.</summary>
    public IReadOnlyList<ShiftResult> Shifts { get; init; } = [];

    /// <summary>A distilled student's top-1 against its hard-label twin's, with a paired interval; null for other variants.</summary>
    public TwinComparison? VersusTwin { get; init; }

    public static AccuracyRow From(MeasurementResult m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var a = m.Accuracy ?? throw new ArgumentException($"{m.Id} is not an accuracy job", nameof(m));
        return new AccuracyRow(
            m.Id,
            m.Model,
            m.Variant,
            m.Target,
            a.Dataset,
            a.Headline,
            a.Rejected,
            [.. a.Metrics.Where(p => p.Key != a.Headline.Metric)],
            WorstSlice.Of(a),
            a.Samples,
            a.Samples - a.FailedSamples,
            a.FailedSamples,
            a.SamplesPerSec)
        {
            Slices = a.Slices,
            Shifts = a.Shifts,
            VersusTwin = a.VersusTwin,
        };
    }
}

/// <summary>The group that scored worst on the headline, named by attribute (class=3, font=DejaVuSansMono).</summary>
public sealed record WorstSlice(string Attribute, string Key, double Value, int Count)
{
    public static WorstSlice? Of(AccuracyInfo accuracy)
    {
        ArgumentNullException.ThrowIfNull(accuracy);
        var worst = accuracy.Slices.Where(t => t.Worst is not null)
            .Select(t => (t.Attribute, Row: t.Worst!))
            .OrderBy(t => accuracy.Headline.HigherIsBetter ? t.Row.Value : -t.Row.Value)
            .FirstOrDefault();
        return worst.Row is null ? null : new WorstSlice(worst.Attribute, worst.Row.Key, worst.Row.Value, worst.Row.Count);
    }
}
