using Harness.Measure.Clock;
using Harness.Measure.Statistics;
using Harness.Measure.Sut;
using Harness.Plan;

namespace Harness.Measure.Loads;

/// <summary>One Server run made by a search, with its verdict and why it counted as it did.</summary>
public sealed record SearchProbe(double Qps, LoadRun Run, RunAnalysis Analysis, int Attempt = 0, int Seed = 0, string Note = "")
{
    /// <summary>The percentile latency met the SLO and nothing was left waiting.</summary>
    public bool MeetsSlo => Analysis.Slo is { Met: true } && Run.Unfinished == 0;

    /// <summary>A rate the search may report: it met the SLO in a valid run.</summary>
    public bool Passes => MeetsSlo && Analysis.Validity.Valid;

    public ProbeOutcome Outcome => !MeetsSlo ? ProbeOutcome.Failed : Analysis.Validity.Valid ? ProbeOutcome.Passed : ProbeOutcome.Inconclusive;
}

/// <summary>What a search found: the peak (null when no rate passed), every probe, and the final bracket.</summary>
public sealed record PeakSearchResult(SearchProbe? Peak, IReadOnlyList<SearchProbe> Probes, double? HighestPassing, double? LowestFailing, bool Resolved);

/// <summary>
/// Finds the largest Server QPS whose percentile latency meets the SLO in a valid run, by running
/// the probes <see cref="PeakSearchPlan"/> asks for: a re-run is longer (twice the minimum duration
/// per attempt, up to the maximum) and has its own seed. Every probe is kept so the search can be
/// audited.
/// </summary>
public static class PeakQpsSearch
{
    public static PeakSearchResult Run<TClock>(TClock clock, ISystemUnderTest system, LoadSpec load, RunRules rules, double startQps, Action<string>? report = null)
        where TClock : struct, IClock =>
        Run((qps, probeRules, seed) => ServerLoad.Run(clock, system, qps, load.Batcher, probeRules, seed), load, rules, startQps, report);

    /// <summary>The search over any way of running one probe (a real system, or a simulated one in the tests).</summary>
    public static PeakSearchResult Run(Func<double, RunRules, int, LoadRun> runProbe, LoadSpec load, RunRules rules, double startQps, Action<string>? report = null)
    {
        var serverRules = ServerLoad.RulesFor(load, rules);
        // Below this rate the queries a valid run needs cannot arrive within max_duration, so no
        // probe there could pass: the search does not go lower.
        var floor = serverRules.MinQueries / (0.8 * rules.MaxDuration.TotalSeconds);
        var plan = new PeakSearchPlan(startQps, floor, rules.MaxSearchProbes);
        var probes = new List<SearchProbe>();
        while (plan.Next is { } request)
        {
            var probeRules = Longer(serverRules, request);
            var seed = rules.Seed + probes.Count;
            report?.Invoke(request.Attempt == 0 ? $"probing {request.Qps:0.#} qps" : $"probing {request.Qps:0.#} qps again for {probeRules.MinDuration.TotalSeconds:0.#} s");
            var run = runProbe(request.Qps, probeRules, seed);
            var probe = new SearchProbe(request.Qps, run, RunAnalyzer.Analyze(run, load.Percentile, load.Slo, probeRules), request.Attempt, seed);
            probes.Add(probe with { Note = plan.Record(probe.Outcome) });
        }

        var peak = probes.Where(p => p.Passes).MaxBy(p => p.Qps);
        return new PeakSearchResult(peak, probes, plan.HighestPassing, plan.LowestFailing, plan.Resolved);
    }

    /// <summary>A re-run's rules: twice the minimums per attempt, as far as max_duration lets the queries arrive.</summary>
    private static RunRules Longer(RunRules rules, ProbeRequest request)
    {
        if (request.Attempt == 0)
        {
            return rules;
        }

        var duration = TimeSpan.FromTicks(Math.Min((long)(0.8 * rules.MaxDuration.Ticks), rules.MinDuration.Ticks << request.Attempt));
        var queries = (int)Math.Min((long)rules.MinQueries << request.Attempt, (long)(request.Qps * 0.8 * rules.MaxDuration.TotalSeconds));
        return rules with
        {
            MinDuration = duration > rules.MinDuration ? duration : rules.MinDuration,
            MinQueries = Math.Max(rules.MinQueries, queries),
        };
    }
}
