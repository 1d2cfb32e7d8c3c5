using System.Globalization;

namespace Harness.Evaluate.Metrics;

/// <summary>
/// Per-slice metrics: group predictions by an attribute (font, size, true class, length bucket)
/// and compute one metric per group with its count, so a model that is fine on average but
/// fails on one kind of input shows it.
/// </summary>
public static class Slices
{
    /// <summary>
    /// The smallest group <see cref="SliceReport.Worst"/> considers. At n = 20 the standard error
    /// of an accuracy near 0.9 is about 7 points; below that a group's rank is mostly chance.
    /// </summary>
    public const int DefaultMinimumCount = 20;

    /// <summary>The attribute name <see cref="ByLabel"/> reports under.</summary>
    public const string LabelAttribute = "class";

    /// <summary>Groups by a slice attribute the dataset attached to each prediction.</summary>
    public static SliceReport ByAttribute<TPrediction>(IReadOnlyList<TPrediction> predictions, string attribute, IMetric<TPrediction> metric)
        where TPrediction : ISlicedPrediction
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return By(predictions, attribute, p => p.Slices.TryGetValue(attribute, out var value) ? value : null, metric);
    }

    /// <summary>Groups classification predictions by true class; top-1 per group is then each class's recall.</summary>
    public static SliceReport ByLabel(IReadOnlyList<ClassificationPrediction> predictions, IMetric<ClassificationPrediction> metric) =>
        By(predictions, LabelAttribute, p => p.Label.ToString(CultureInfo.InvariantCulture), metric);

    /// <summary>
    /// Groups recognised text by reference length in text elements, in buckets of
    /// <paramref name="width"/> (keys <c>0-4</c>, <c>5-9</c>, <c>10-14</c>…).
    /// </summary>
    public static SliceReport ByExpectedLength(IReadOnlyList<SequencePrediction> predictions, IMetric<SequencePrediction> metric, int width = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        return By(predictions, "length", p => LengthBucket(EditDistance.Length(p.Expected), width), metric);
    }

    /// <summary>
    /// Groups by any key; predictions whose key is null are counted as unattributed. The metric
    /// runs once per group, on that group's predictions in their original order.
    /// </summary>
    public static SliceReport By<TPrediction>(
        IReadOnlyList<TPrediction> predictions,
        string attribute,
        Func<TPrediction, string?> key,
        IMetric<TPrediction> metric)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(attribute);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(metric);
        var groups = new SortedDictionary<string, List<TPrediction>>(KeyOrder.Instance);
        var unattributed = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            var k = key(predictions[i]);
            if (k is null)
            {
                unattributed++;
                continue;
            }

            if (!groups.TryGetValue(k, out var members))
            {
                members = [];
                groups.Add(k, members);
            }

            members.Add(predictions[i]);
        }

        var results = new List<SliceResult>(groups.Count);
        foreach (var (k, members) in groups)
        {
            results.Add(new SliceResult(k, members.Count, metric.Compute(members)));
        }

        return new SliceReport(attribute, metric.Name, metric.Direction, results, unattributed);
    }

    private static string LengthBucket(int length, int width)
    {
        var low = length / width * width;
        return low.ToString(CultureInfo.InvariantCulture) + "-" + (low + width - 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Orders keys that start with a number by that number, then ordinally, so classes read
    /// 0, 1, 2, 10 and buckets 5-9 before 10-14, where plain ordinal order would interleave them.
    /// </summary>
    private sealed class KeyOrder : IComparer<string>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            if (LeadingNumber(x) is { } a && LeadingNumber(y) is { } b && a != b)
            {
                return a.CompareTo(b);
            }

            return string.CompareOrdinal(x, y);
        }

        private static long? LeadingNumber(string? key)
        {
            if (string.IsNullOrEmpty(key))
            {
                return null;
            }

            var digits = 0;
            while (digits < key.Length && digits < 18 && char.IsAsciiDigit(key[digits]))
            {
                digits++;
            }

            return digits == 0 ? null : long.Parse(key.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture);
        }
    }
}
