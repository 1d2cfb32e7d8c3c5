using Harness.Measure.Clock;
using Harness.Measure.Statistics;
using Harness.Measure.Sut;
using Harness.Plan;

namespace Harness.Measure.Loads;

/// <summary>One Server run made by a search, with its verdict.</summary>
public sealed record SearchProbe(double Qps, LoadRun Run, RunAnalysis Analysis)
{
    /// <summary>The percentile latency met the SLO and nothing was left waiting: the search goes higher.</summary>
    public bool MeetsSlo => Analysis.Slo is { Met: true } && Run.Unfinished == 0;

    /// <summary>A rate the search may report: it met the SLO in a valid run.</summary>
    public bool Passes => MeetsSlo && Analysis.Validity.Valid;
}

/// <summary>
/// Finds the largest Server QPS whose percentile latency meets the SLO in a valid run: brackets by
/// doubling or halving from an estimate of capacity, then bisects until the bracket is within 5%
/// or the probe budget is spent. The direction follows the SLO alone (an invalid run still tells
/// which side of the knee a rate is on); the rate reported must also come from a valid run.
/// Every probe is kept so the search can be audited.
/// </summary>
public static class PeakQpsSearch
{
    private const double Resolution = 0.05;

    public static (SearchProbe? Peak, IReadOnlyList<SearchProbe> Probes) Run<TClock>(
        TClock clock, ISystemUnderTest system, LoadSpec load, RunRules rules, double startQps, Action<string>? report = null)
        where TClock : struct, IClock
    {
        var probes = new List<SearchProbe>();
        SearchProbe Probe(double qps)
        {
            report?.Invoke($"probing {qps:0.#} qps");
            var run = ServerLoad.Run(clock, system, qps, load.Batcher, ServerLoad.RulesFor(load, rules), rules.Seed + probes.Count);
            var probe = new SearchProbe(qps, run, RunAnalyzer.Analyze(run, load.Percentile, load.Slo, rules));
            probes.Add(probe);
            return probe;
        }

        // Below this rate the queries a valid run needs cannot arrive within max_duration, so no
        // probe there could pass: the search does not go lower.
        var floor = ServerLoad.RulesFor(load, rules).MinQueries / (0.8 * rules.MaxDuration.TotalSeconds);
        SearchProbe? best = null;
        double? failing = null;
        var qps = Math.Max(startQps, floor);
        while (probes.Count < rules.MaxSearchProbes)
        {
            var probe = Probe(qps);
            if (probe.MeetsSlo)
            {
                best = probe;
                if (failing is not null)
                {
                    break;
                }

                qps *= 2;
            }
            else
            {
                failing = qps;
                if (best is not null || qps <= floor)
                {
                    break;
                }

                qps = Math.Max(qps / 2, floor);
            }
        }

        while (best is not null && failing is { } high && probes.Count < rules.MaxSearchProbes && (high - best.Qps) / best.Qps > Resolution)
        {
            var probe = Probe((best.Qps + high) / 2);
            if (probe.MeetsSlo)
            {
                best = probe;
            }
            else
            {
                failing = probe.Qps;
            }
        }

        var peak = probes.Where(p => p.Passes).MaxBy(p => p.Qps);
        return (peak, probes);
    }
}
