using System.Globalization;

namespace Harness.Reports.Gate;

/// <summary>
/// Judges two sides measured in turns (<c>harness gate --in-turns</c>): turn i of each ran back to
/// back, a tenth of a second apart, so the ratio of their medians keeps the models' difference and
/// loses the machine's. p50 is judged on those pairs, as <see cref="PairedComparison"/> judges runs
/// made in turns: the median pair's ratio with the sign test's interval. Pooled latencies would not
/// do: when the host changes speed part-way (a third slower here, for minutes), each side becomes
/// two modes, and a median between them moves with the few turns in which the sides' shares of the
/// modes differ (an A/A measured ×1.069 pooled, about ×1.00 turn by turn). p99 rests on too few
/// latencies in one turn, so it is judged on each side's latencies pooled, as any other comparison.
/// </summary>
public static class TurnComparison
{
    /// <summary>Whether two measurements were measured in turns with each other: the same run, as many turns each.</summary>
    public static bool InTurns(GatedRun baseline, Results.MeasurementResult before, GatedRun current, Results.MeasurementResult now)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(now);
        return before.TurnStarts is { Count: > 0 } turns && now.TurnStarts?.Count == turns.Count && baseline.Results.RunId == current.Results.RunId;
    }

    public static MeasurementVerdict Judge(string id, double[] baseline, IReadOnlyList<int> baselineTurns, double[] current, IReadOnlyList<int> currentTurns, GateConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var pooled = LatencyGate.Judge(id, baseline, current, 1, config);
        if (pooled.Median is null)
        {
            return pooled;
        }

        var pairs = Turns(baseline, baselineTurns).Zip(Turns(current, currentTurns)).Where(p => p.First.Length > 0 && p.Second.Length > 0).ToList();
        if (PairedComparison.PairedRatio(pairs, 0.5, config.Confidence) is not { } ratio)
        {
            return pooled with { Reasons = [.. pooled.Reasons, Invariant($"p50 judged on the latencies pooled: {pairs.Count} pairs of turns give no interval at {config.Confidence:0.#%} confidence")] };
        }

        var evidence = Invariant($"{pairs.Count} pairs of turns");
        var median = LatencyGate.JudgePercentile("p50", ratio, config.ThresholdsFor(id).P50, null, 1, evidence, evidence, config);
        // The report's rules line names the bootstrap; this interval is the sign test's, so say so where it is shown.
        median = median with { Reason = Invariant($"{median.Reason} (the sign test's interval on {pairs.Count} pairs of turns)") };
        var percentiles = pooled.Percentiles.Select(p => p.Name == "p50" ? median : p).ToList();
        var verdict = percentiles.Aggregate(GateVerdict.Pass, (worst, p) => GateVerdicts.Worst(worst, p.Verdict));
        return pooled with { Verdict = verdict, Reasons = [.. percentiles.Select(p => $"{p.Name}: {p.Reason}")], Percentiles = percentiles };
    }

    /// <summary>Each turn's latencies, sorted.</summary>
    private static IEnumerable<double[]> Turns(double[] latencies, IReadOnlyList<int> starts)
    {
        for (var i = 0; i < starts.Count; i++)
        {
            var from = Math.Clamp(starts[i], 0, latencies.Length);
            var to = i + 1 < starts.Count ? Math.Clamp(starts[i + 1], from, latencies.Length) : latencies.Length;
            var turn = latencies[from..to];
            Array.Sort(turn);
            yield return turn;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
