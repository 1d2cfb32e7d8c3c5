using System.Globalization;
using System.Text;
using Harness.Results.History;
using Harness.Statistics;

namespace Harness.Reports.History;

/// <summary>
/// One metric of one measurement across the recorded runs, with the change points marked. Change
/// points are looked for among the runs whose figure is valid and on the newest run's fingerprint:
/// another machine's numbers would show as a change that is not one.
/// </summary>
public sealed record MetricTrend(string MeasurementId, string Metric, IReadOnlyList<HistoryPoint> Points, IReadOnlySet<int> ChangeStarts)
{
    public static MetricTrend Of(string measurementId, string metric, IReadOnlyList<HistoryPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var fingerprint = points.Count == 0 ? null : points[^1].Fingerprint;
        var usable = new List<int>();
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] is { Valid: true, Value: not null } p && p.Fingerprint == fingerprint)
            {
                usable.Add(i);
            }
        }

        var changes = ChangePoints.Find([.. usable.Select(i => points[i].Value!.Value)]);
        return new MetricTrend(measurementId, metric, points, changes.Select(c => usable[c]).ToHashSet());
    }

    /// <summary>A plain-text table, oldest run first; a change point's row says the median of the segment it starts against the one before.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        text.Append(MeasurementId).Append(", ").Append(Metric).Append(", ").Append(Points.Count.ToString(CultureInfo.InvariantCulture)).Append(" runs\n");
        if (Points.Count == 0)
        {
            return text.Append("no runs recorded for this measurement\n").ToString();
        }

        text.Append(string.Create(CultureInfo.InvariantCulture, $"{"started (UTC)",-17}  {"run",-40}  {"fingerprint",-16}  {"status",-8}  {Metric,10}\n"));
        var starts = ChangeStarts.Order().ToList();
        for (var i = 0; i < Points.Count; i++)
        {
            var p = Points[i];
            var status = p.Status == "ok" && !p.Valid ? "invalid" : p.Status;
            var value = p.Value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "–";
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{p.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm}  {p.RunId,-40}  {p.Fingerprint,-16}  {status,-8}  {value,10}"));
            if (ChangeStarts.Contains(i))
            {
                text.Append("  ◀ change: ").Append(SegmentShift(starts, i));
            }

            text.Append('\n');
        }

        text.Append(starts.Count == 0 ? "no change points\n" : $"{starts.Count} change point{(starts.Count == 1 ? string.Empty : "s")} (ED-PELT over the valid runs on the newest run's fingerprint)\n");
        return text.ToString();
    }

    private string SegmentShift(List<int> starts, int start)
    {
        var index = starts.IndexOf(start);
        var previousStart = index == 0 ? 0 : starts[index - 1];
        var nextStart = index + 1 < starts.Count ? starts[index + 1] : Points.Count;
        var before = SegmentMedian(previousStart, start);
        var after = SegmentMedian(start, nextStart);
        return string.Create(CultureInfo.InvariantCulture, $"median {before:0.####} → {after:0.####} ({(after / before) - 1:+0.0%;-0.0%})");
    }

    private double SegmentMedian(int from, int to)
    {
        var values = new List<double>();
        for (var i = from; i < to; i++)
        {
            if (Points[i] is { Valid: true, Value: { } v })
            {
                values.Add(v);
            }
        }

        values.Sort();
        return values.Count == 0 ? double.NaN : Quantile.OfSorted([.. values], 0.5);
    }
}
