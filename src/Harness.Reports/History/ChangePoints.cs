using Perfolizer.Mathematics.Cpd;

namespace Harness.Reports.History;

/// <summary>
/// Where a series of run figures shifts: Perfolizer's ED-PELT (Haynes, Fearnhead and Eckley,
/// 2017), which finds change points in distribution without assuming one, at linear cost. Each index
/// returned is the first run of a new segment.
/// </summary>
public static class ChangePoints
{
    /// <param name="minSegment">The fewest runs a segment may have: one odd run is an outlier, not a change.</param>
    public static IReadOnlyList<int> Find(IReadOnlyList<double> series, int minSegment = 3)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(minSegment, 1);
        if (series.Count < 2 * minSegment)
        {
            return [];
        }

        // ED-PELT reports the last index of each segment but the final one; the next run starts the new segment.
        return [.. EdPeltChangePointDetector.Instance.GetChangePointIndexes([.. series], minSegment).Select(i => i + 1)];
    }
}
