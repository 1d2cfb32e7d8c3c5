using Harness.Measure.Clock;
using Harness.Measure.Loads;
using Harness.Measure.Statistics;
using Harness.Measure.Targets;
using Harness.Plan;
using Harness.Results;

namespace Harness.Measure.LoadGenerators;

/// <summary>
/// LoadGen's Server: Poisson arrivals at the given rate (<see cref="ServerLoad"/>), or, with
/// <see cref="LoadSpec.SearchPeakQps"/>, the highest rate that meets the SLO (<see cref="PeakQpsSearch"/>).
/// </summary>
public sealed class ServerGenerator : ILoadGenerator
{
    public MeasurementResult Run(LoadContext context, IDeployedModel model)
    {
        using var serving = model.Serve(context.Load.Batcher?.MaxBatch ?? 1);
        return context.Load.SearchPeakQps ? Search(context, serving) : AtTargetRate(context, serving);
    }

    private static MeasurementResult AtTargetRate(LoadContext context, ServingSystem serving)
    {
        var (load, rules) = (context.Load, context.Rules);
        LoadResults.WarmUp(serving.System, rules.WarmupQueries);
        context.ReportPhase("measuring");
        var run = ServerLoad.Run(new StopwatchClock(), serving.System, load.TargetQps!.Value, load.Batcher, ServerLoad.RulesFor(load, rules), rules.Seed);
        return Served(context, run, RunAnalyzer.Analyze(run, load.Percentile, load.Slo, rules), serving.ColdStart, null);
    }

    private static MeasurementResult Search(LoadContext context, ServingSystem serving)
    {
        var (load, rules, system) = (context.Load, context.Rules, serving.System);
        var clock = new StopwatchClock();

        // Start at half the capacity one request at a time suggests; bracketing finds the rest.
        var warmup = Math.Max(rules.WarmupQueries, 5);
        var start = clock.GetTimestamp();
        LoadResults.WarmUp(system, warmup);
        var serviceSeconds = Duration.Between(start, clock.GetTimestamp()).Seconds / warmup;
        var startQps = Math.Max(1, 0.5 / Math.Max(serviceSeconds, 1e-6));
        var search = PeakQpsSearch.Run(clock, system, load, rules, startQps, phase => context.ReportPhase("measuring " + phase));
        var probeResults = search.Probes.Select((p, i) => LoadResults.Probe(i, p.Qps, 1, p.Analysis) with
        {
            MeetsSlo = p.MeetsSlo,
            Outcome = p.Outcome.ToString().ToLowerInvariant(),
            Note = p.Note,
            Attempt = p.Attempt,
            Seed = p.Seed,
        }).ToList();
        var bracket = new SearchInfo(search.HighestPassing, search.LowestFailing, PeakSearchPlan.Resolution, search.Resolved);
        if (search.Peak is not { } peak)
        {
            var lowest = search.Probes.MinBy(p => p.Qps)!;
            var result = Served(context, lowest.Run, lowest.Analysis, serving.ColdStart, probeResults) with { Search = bracket };
            var reason = $"no rate met the {Quantities.FormatDuration(load.Slo!.Value)} SLO at p{load.Percentile * 100:0.##} in a valid run; the lowest tried was {lowest.Qps:0.#} qps";
            return result with { Status = MeasurementStatus.Invalid, Validity = result.Validity with { Valid = false, Reasons = [reason, .. result.Validity.Reasons] } };
        }

        var found = Served(context, peak.Run, peak.Analysis, serving.ColdStart, probeResults);
        return found with { Search = bracket, Load = found.Load with { Seed = peak.Seed } };
    }

    /// <summary>A server run's result: the rate asked for, the arrival seed, and where each request's time went.</summary>
    private static MeasurementResult Served(LoadContext context, LoadRun run, RunAnalysis analysis, ColdStartInfo coldStart, IReadOnlyList<ProbeResult>? probes)
    {
        var result = LoadResults.Measured(context, run, analysis, coldStart, probes);
        return result with
        {
            Load = result.Load with { TargetQps = run.TargetQps, Seed = context.Rules.Seed, Generator = LoadResults.InlineGenerator(context.Job) },
            LatencyBreakdownMs = analysis.Breakdown,
        };
    }
}
