namespace Harness.Evaluate.Metrics;

/// <summary>A metric's value on one group of predictions that share a slice value.</summary>
public sealed record SliceResult(string Key, int Count, double Value);

/// <summary>
/// A metric computed per value of one slice attribute. <paramref name="Groups"/> are ordered by
/// key (numerically where keys start with a number, then ordinally) so reports are stable; <paramref name="Unattributed"/> counts predictions that
/// did not carry the attribute and so belong to no group.
/// </summary>
public sealed record SliceReport(
    string Attribute,
    string Metric,
    MetricDirection Direction,
    IReadOnlyList<SliceResult> Groups,
    int Unattributed)
{
    /// <summary>
    /// The group where the model does worst (lowest value of a higher-is-better metric, highest of
    /// a lower-is-better one) among groups of at least <paramref name="minimumCount"/> predictions,
    /// or null if none is that large. Tiny groups are left out because their metric is mostly noise:
    /// with 5 predictions one mistake is 20 points of accuracy, and the "worst slice" would just be
    /// the smallest. Ties go to the first key; NaN values never qualify.
    /// </summary>
    public SliceResult? Worst(int minimumCount = Slices.DefaultMinimumCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCount, 1);
        SliceResult? worst = null;
        foreach (var group in Groups)
        {
            if (group.Count < minimumCount || double.IsNaN(group.Value))
            {
                continue;
            }

            var isWorse = worst is null
                || (Direction == MetricDirection.HigherIsBetter ? group.Value < worst.Value : group.Value > worst.Value);
            if (isWorse)
            {
                worst = group;
            }
        }

        return worst;
    }
}
