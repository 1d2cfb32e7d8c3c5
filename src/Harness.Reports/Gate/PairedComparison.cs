using System.Globalization;
using Harness.Measure.Statistics;
using Harness.Statistics;

namespace Harness.Reports.Gate;

/// <summary>
/// Gates runs measured in turns on one machine: baseline, current, baseline, current, … (the
/// i-th run of each side paired, in the order they started). A shared host's speed moves for
/// minutes at a time; two runs made seconds apart see the same speed, so the ratio within a pair
/// keeps the model's change and loses the machine's. Per percentile, the estimate is the median
/// of the pairs' ratios and the interval the sign test's, at the gate's confidence: the r-th
/// smallest and largest ratio, r the largest rank with P(Binomial(k, ½) &lt; r) within the tail.
/// It assumes nothing of the ratios' distribution, and a pair that straddled one of the
/// machine's changes of speed is an outlier it simply ranks (a t interval would widen by it until
/// nothing could be told). That interval alone is the test: a regression when it lies wholly past
/// the fail threshold, an improvement the mirror image. At the default 99% it needs 8 pairs, and
/// 12 to set one such outlier aside on either side.
/// </summary>
public static class PairedComparison
{
    public const int MinPairs = 3;

    private static readonly (string Name, double Percentile)[] Percentiles = [("p50", 0.5), ("p99", 0.99)];

    public static GateReport Compare(GateBaseline baseline, GateBaseline current, GateConfig config)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(config);
        var before = baseline.Runs.OrderBy(r => r.Results.StartedAt).ToList();
        var after = current.Runs.OrderBy(r => r.Results.StartedAt).ToList();
        if (before.Count != after.Count || before.Count < MinPairs)
        {
            throw new GateInputException(Invariant($"a paired gate needs as many current runs as baseline runs, at least {MinPairs} each, measured in turns: {before.Count} baseline and {after.Count} current runs"));
        }

        var scenario = BaselineComparison.OneScenario(after[0], before.Concat(after));
        var pairs = before.Zip(after).ToList();
        var ids = BaselineComparison.GatedIds(pairs.SelectMany(p => new[] { p.First, p.Second }), config);
        var verdicts = ids.Select(id => Judge(id, pairs, config)).ToList();
        return new GateReport(baseline.Description, current.Description, scenario, config, verdicts);
    }

    private static MeasurementVerdict Judge(string id, List<(GatedRun First, GatedRun Second)> pairs, GateConfig config)
    {
        var reasons = new List<string>();
        var usable = new List<(double[] Before, double[] After)>();
        foreach (var (first, second) in pairs)
        {
            var b = first.Results.Measurements.FirstOrDefault(m => m.Id == id);
            var a = second.Results.Measurements.FirstOrDefault(m => m.Id == id);
            var why = b is null ? $"{first.Results.RunId}: not measured"
                : a is null ? $"{second.Results.RunId}: not measured"
                : first.Fingerprint != second.Fingerprint ? $"{first.Results.RunId} and {second.Results.RunId}: measured on different machines"
                : BaselineComparison.Unusable(b, config) is { } bad ? $"{first.Results.RunId}: {bad}"
                : BaselineComparison.Unusable(a, config) is { } badNow ? $"{second.Results.RunId}: {badNow}"
                : null;
            if (why is null)
            {
                usable.Add((Sorted(first.Latencies(b!)), Sorted(second.Latencies(a!))));
            }
            else
            {
                reasons.Add(why);
            }
        }

        if (usable.Count < MinPairs)
        {
            reasons.Add(Invariant($"{usable.Count} usable pairs, at least {MinPairs} needed"));
            return MeasurementVerdict.Inconclusive(id, reasons, usable.Sum(p => p.Before.Length), usable.Sum(p => p.After.Length), usable.Count);
        }

        var (p50Threshold, p99Threshold) = config.ThresholdsFor(id);
        var verdicts = new PercentileVerdict[Percentiles.Length];
        for (var i = 0; i < Percentiles.Length; i++)
        {
            var (name, percentile) = Percentiles[i];
            var threshold = i == 0 ? p50Threshold : p99Threshold;
            if (PairedRatio(usable, percentile, config.Confidence) is not { } ratio)
            {
                reasons.Add(Invariant($"{name}: {usable.Count} pairs give no interval at {config.Confidence:0.#%} confidence; measure more pairs"));
                return MeasurementVerdict.Inconclusive(id, reasons, usable.Sum(p => p.Before.Length), usable.Sum(p => p.After.Length), usable.Count);
            }

            var needed = EarlyStopping.MinimumQueries(percentile);
            var evidence = Invariant($"{usable.Count} pairs measured in turns");
            verdicts[i] = usable.Min(p => Math.Min(p.Before.Length, p.After.Length)) < needed
                ? LatencyGate.NotJudged(name, ratio, threshold, needed)
                : LatencyGate.JudgePercentile(name, ratio, threshold, null, usable.Count, evidence, evidence, config);
        }

        var verdict = verdicts.Aggregate(GateVerdict.Pass, (worst, p) => GateVerdicts.Worst(worst, p.Verdict));
        return new MeasurementVerdict(id, verdict, [.. reasons, .. verdicts.Select(p => $"{p.Name}: {p.Reason}")], usable.Sum(p => p.Before.Length), usable.Sum(p => p.After.Length), usable.Count, null, null, verdicts);
    }

    /// <summary>
    /// The pairs' percentiles (their geometric means, so the two agree with the median ratio only
    /// roughly) and the sign test's interval on the median ratio; null when too few pairs give
    /// an interval at this confidence.
    /// </summary>
    internal static PercentileRatio? PairedRatio(IReadOnlyList<(double[] Before, double[] After)> pairs, double percentile, double confidence)
    {
        var k = pairs.Count;
        var before = pairs.Select(p => Quantile.OfSorted(p.Before, percentile)).ToArray();
        var after = pairs.Select(p => Quantile.OfSorted(p.After, percentile)).ToArray();
        var ratios = after.Zip(before, (a, b) => a / b).Order().ToArray();
        var r = SignTestRank(k, (1 - confidence) / 2);
        if (r == 0)
        {
            return null;
        }

        // The ratio shown is the median pair's; the milliseconds are scaled to agree with it.
        var median = Quantile.OfSorted(ratios, 0.5);
        var baselineMs = Math.Exp(before.Average(Math.Log));
        return new PercentileRatio(percentile, baselineMs, baselineMs * median, ratios[r - 1], ratios[k - r]);
    }

    /// <summary>The largest r with P(Binomial(k, ½) ≤ r − 1) ≤ <paramref name="tail"/>; 0 when even the extremes are not enough.</summary>
    internal static int SignTestRank(int k, double tail)
    {
        var rank = 0;
        var cumulative = 0.0;
        var term = Math.Pow(0.5, k);
        for (var i = 0; i < k; i++)
        {
            cumulative += term;
            if (cumulative > tail)
            {
                break;
            }

            rank = i + 1;
            term = term * (k - i) / (i + 1);
        }

        return rank;
    }

    private static double[] Sorted(double[] values)
    {
        var copy = (double[])values.Clone();
        Array.Sort(copy);
        return copy;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
