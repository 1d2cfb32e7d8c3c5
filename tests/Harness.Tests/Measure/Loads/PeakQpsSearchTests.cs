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

        var (peak, probes) = PeakQpsSearch.Run(time.Clock, system, load, rules, startQps: 60);

        Assert.NotNull(peak);
        Assert.InRange(peak.Qps, 150, 250);
        Assert.InRange(probes.Count, 3, 7);
        Assert.Contains(probes, p => !p.Passes && p.Qps > peak.Qps);
        Assert.All(probes.Where(p => p.Qps >= 250), p => Assert.False(p.Passes));
        Assert.Equal(probes.Where(p => p.Passes).Max(p => p.Qps), peak.Qps);
    }
}
