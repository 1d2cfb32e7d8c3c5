using Harness.Measure.Loads;
using Harness.Plan;
using Harness.Tests.Measure.Clock;

namespace Harness.Tests.Measure.Loads;

public sealed class PeakQpsSearchTests
{
    [Fact]
    public void Should_Bracket_And_Bisect_To_A_Rate_Below_Capacity_And_Keep_Every_Probe()
    {
        // 4 ms per request: capacity 250/s. A 20 ms p90 bound holds up to roughly 80–90% utilisation.
        // p90 keeps each probe short: it needs 64 queries where p99 needs 662.
        var time = new SimulatedTime();
        using var system = new ServiceTimeSystem(time, TimeSpan.FromMilliseconds(4));
        var load = new LoadSpec(LoadKind.Server, [1], 0.90, SearchPeakQps: true, Slo: TimeSpan.FromMilliseconds(20));
        var rules = RunRules.Defaults with
        {
            MinDuration = TimeSpan.FromMilliseconds(400),
            MinQueries = 64,
            MaxDuration = TimeSpan.FromSeconds(3),
            StabilityTolerance = 1000,
            MaxSearchProbes = 7,
        };

        var (peak, probes, _, _, _) = PeakQpsSearch.Run(time.Clock, system, load, rules, startQps: 60);

        Assert.True(peak is not null, string.Join("\n", probes.Select(p => $"{p.Qps:0.#} qps: {p.Note}; {string.Join("; ", p.Analysis.Validity.Reasons)}")));
        Assert.InRange(peak.Qps, 150, 250);
        Assert.InRange(probes.Count, 3, 7);
        Assert.Contains(probes, p => !p.Passes && p.Qps > peak.Qps);
        Assert.All(probes.Where(p => p.Qps >= 250), p => Assert.False(p.Passes));
        Assert.Equal(probes.Where(p => p.Passes).Max(p => p.Qps), peak.Qps);
    }

    /// <summary>
    /// The whole search (plan, runs, analysis, stability rules) against a simulated M/M/1 queue,
    /// whose sojourn time is exponential with rate μ − λ, so its p99 meets a bound s exactly up to
    /// λ* = μ − ln(100)/s: with 2 ms mean service and a 20 ms SLO, 269.7 qps.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Should_Find_The_Known_Peak_Of_A_Simulated_Queue(int seed)
    {
        var slo = TimeSpan.FromMilliseconds(20);
        var truePeak = 500 - (Math.Log(100) / slo.TotalSeconds);
        var load = new LoadSpec(LoadKind.Server, [1], 0.99, SearchPeakQps: true, Slo: slo);
        var rules = RunRules.Defaults with { MinDuration = TimeSpan.FromSeconds(5), MaxDuration = TimeSpan.FromSeconds(30), Seed = seed, MaxSearchProbes = 12 };
        var service = QueueSimulation.Exponential(TimeSpan.FromMilliseconds(2));

        var search = PeakQpsSearch.Run((qps, probeRules, probeSeed) => QueueSimulation.Server(qps, service, probeRules.MinDuration, probeSeed), load, rules, startQps: 250);

        Assert.NotNull(search.Peak);
        Assert.True(search.Resolved, string.Join("\n", search.Probes.Select(p => $"{p.Qps:0.#}: {p.Note}")));
        Assert.InRange(search.Peak.Qps, truePeak * 0.9, truePeak * 1.1);
        Assert.All(search.Probes, p => Assert.False(string.IsNullOrEmpty(p.Note)));
        Assert.All(search.Probes.Where(p => p.Qps > search.LowestFailing), p => Assert.NotEqual(ProbeOutcome.Passed, p.Outcome));
    }
}
