using System.Globalization;
using Harness.Measure.Statistics;
using Harness.Statistics;

namespace Harness.Reports.Gate;

/// <summary>
/// Compares two distributions of per-request latencies. A percentile is a regression only when
/// three things agree: Mann–Whitney says the current run is slower (one-sided, at
/// <see cref="GateConfig.Significance"/>); the bootstrap interval on the ratio of that percentile
/// lies wholly above 1 + the fail threshold; and the percentile moved by more than the noise floor
/// in milliseconds. An improvement is the mirror image. A percentile whose ratio is past the
/// threshold without all three agreeing is inconclusive: it may be a regression, but the data do
/// not show it. Otherwise it passes. The rank test guards against an interval pushed past the
/// threshold by a fluke of a few outliers; the interval gives the size and its certainty.
/// </summary>
public static class LatencyGate
{
    private static readonly (string Name, double Percentile)[] Percentiles = [("p50", 0.5), ("p99", 0.99)];

    /// <summary>Against a baseline of one or more runs: their latencies pooled, the threshold at least their run-to-run noise.</summary>
    public static MeasurementVerdict Judge(string id, IReadOnlyList<double[]> baselineRuns, double[] current, GateConfig config)
    {
        ArgumentNullException.ThrowIfNull(baselineRuns);
        var noise = Percentiles.Select(p => RunToRunNoise.Bound(baselineRuns, p.Percentile, EarlyStopping.MinimumQueries(p.Percentile))).ToArray();
        return Judge(id, [.. baselineRuns.SelectMany(r => r)], current, baselineRuns.Count, config, noise);
    }

    /// <summary>Against pooled baseline latencies whose run-to-run noise is not known.</summary>
    public static MeasurementVerdict Judge(string id, double[] baseline, double[] current, int baselineRuns, GateConfig config) =>
        Judge(id, baseline, current, baselineRuns, config, new double?[Percentiles.Length]);

    private static MeasurementVerdict Judge(string id, double[] baseline, double[] current, int baselineRuns, GateConfig config, double?[] noise)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(config);
        if (baseline.Length < config.MinSamples || current.Length < config.MinSamples)
        {
            return MeasurementVerdict.Inconclusive(
                id,
                [Invariant($"too few samples: {baseline.Length} in the baseline and {current.Length} now, at least {config.MinSamples} on each side needed")],
                baseline.Length,
                current.Length,
                baselineRuns);
        }

        var baselineSorted = (double[])baseline.Clone();
        var currentSorted = (double[])current.Clone();
        Array.Sort(baselineSorted);
        Array.Sort(currentSorted);
        // Our own test, not Perfolizer 0.6.1's: its normal approximation overflows (NaN) from about 1,300 samples a side.
        var (pSlower, pFaster) = MannWhitney.PValues(currentSorted, baselineSorted);

        var ratios = PercentileRatioBootstrap.Compute(baselineSorted, currentSorted, [.. Percentiles.Select(p => p.Percentile)], config.Confidence, config.Resamples, config.Seed);
        var (p50Threshold, p99Threshold) = config.ThresholdsFor(id);
        var verdicts = new PercentileVerdict[Percentiles.Length];
        for (var i = 0; i < Percentiles.Length; i++)
        {
            var threshold = i == 0 ? p50Threshold : p99Threshold;
            var needed = EarlyStopping.MinimumQueries(Percentiles[i].Percentile);
            verdicts[i] = Math.Min(baseline.Length, current.Length) < needed
                ? NotJudged(Percentiles[i].Name, ratios[i], threshold, needed)
                : JudgePercentile(Percentiles[i].Name, ratios[i], threshold, noise[i], baselineRuns, RankEvidence(pSlower, config), RankEvidence(pFaster, config), config);
        }

        var verdict = verdicts.Aggregate(GateVerdict.Pass, (worst, p) => GateVerdicts.Worst(worst, p.Verdict));
        return new MeasurementVerdict(id, verdict, [.. verdicts.Select(p => $"{p.Name}: {p.Reason}")], baseline.Length, current.Length, baselineRuns, pSlower, pFaster, verdicts);
    }

    /// <summary>
    /// A tail percentile is judged only from as many samples as LoadGen's early-stopping rule needs to
    /// claim it at 99% confidence (662 for p99): below that its interval rests on a handful of
    /// latencies and would make every short run inconclusive. It is shown, and counts as a pass.
    /// </summary>
    internal static PercentileVerdict NotJudged(string name, PercentileRatio ratio, GateThreshold threshold, long needed) =>
        new(name, ratio, threshold, GateVerdict.Pass, false, Invariant($"{ratio.BaselineMs:0.###} → {ratio.CurrentMs:0.###} ms, ×{ratio.Ratio:0.000}: not judged, {needed} samples a side are needed to claim {name}"))
        {
            Judged = false,
        };

    private static string? RankEvidence(double p, GateConfig config) =>
        p < config.Significance ? Invariant($"Mann–Whitney p = {p:0.####}") : null;

    /// <summary>
    /// One percentile's verdict from its ratio and interval. <paramref name="slower"/> and
    /// <paramref name="faster"/> name the test that showed a direction (null where none did): the
    /// rank test for independent runs; for runs paired in time the interval itself is the test.
    /// </summary>
    internal static PercentileVerdict JudgePercentile(string name, PercentileRatio ratio, GateThreshold threshold, double? runNoise, int baselineRuns, string? slower, string? faster, GateConfig config)
    {
        var fail = Math.Max(threshold.Fail, runNoise ?? 0);
        var up = 1 + fail;
        var down = 1 / up;
        var numbers = Invariant($"{ratio.BaselineMs:0.###} → {ratio.CurrentMs:0.###} ms, ×{ratio.Ratio:0.000} [{ratio.Lower:0.000}, {ratio.Upper:0.000}]");
        var band = fail > threshold.Fail
            ? Invariant($"±{fail:0.#%} (the baseline's {baselineRuns} runs vary so much that a run of the same build may move that far; the threshold is ±{threshold.Fail:0.#%})")
            : Invariant($"±{threshold.Fail:0.#%}");
        PercentileVerdict Verdict(GateVerdict verdict, string why) =>
            new(name, ratio, threshold, verdict, verdict == GateVerdict.Pass && ratio.Ratio > 1 + threshold.Warn, $"{numbers}: {why}") { RunNoise = runNoise };

        if (Math.Abs(ratio.DifferenceMs) < config.NoiseFloorMs)
        {
            return Verdict(GateVerdict.Pass, Invariant($"moved {ratio.DifferenceMs:+0.####;-0.####;0} ms, under the {config.NoiseFloorMs:0.###} ms noise floor"));
        }

        if (slower is not null && ratio.Lower > up)
        {
            return Verdict(GateVerdict.Regression, Invariant($"slower ({slower}) and the whole interval is past +{fail:0.#%}"));
        }

        if (faster is not null && ratio.Upper < down)
        {
            return Verdict(GateVerdict.Improvement, Invariant($"faster ({faster}) and the whole interval is past -{fail:0.#%}"));
        }

        if (ratio.Ratio > up || ratio.Ratio < down)
        {
            return Verdict(GateVerdict.Inconclusive, $"past {band}, but not shown to be: the interval or the rank test does not agree");
        }

        if (ratio.Ratio > 1 + threshold.Fail || ratio.Ratio < 1 / (1 + threshold.Fail))
        {
            return Verdict(GateVerdict.Inconclusive, $"past ±{threshold.Fail:0.#%}, but within {band}");
        }

        var warn = ratio.Ratio > 1 + threshold.Warn ? Invariant($", but past the +{threshold.Warn:0.#%} warning") : string.Empty;
        return Verdict(GateVerdict.Pass, $"within {band}{warn}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
