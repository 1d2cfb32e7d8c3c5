using Harness.Measure.Loads;

namespace Harness.Tests.Measure.Loads;

/// <summary>The search's decisions against systems whose answer at every rate is known.</summary>
public sealed class PeakSearchPlanTests
{
    /// <summary>Runs the plan to its end; <paramref name="outcome"/> answers each request.</summary>
    private static (PeakSearchPlan Plan, List<(ProbeRequest Request, string Note)> Probes) Drive(
        Func<ProbeRequest, ProbeOutcome> outcome, double start = 100, double floor = 10, int maxProbes = 12)
    {
        var plan = new PeakSearchPlan(start, floor, maxProbes);
        var probes = new List<(ProbeRequest, string)>();
        while (plan.Next is { } request)
        {
            probes.Add((request, plan.Record(outcome(request))));
        }

        return (plan, probes);
    }

    [Theory]
    [InlineData(100, 450)]
    [InlineData(100, 60)]
    [InlineData(1000, 37)]
    [InlineData(30, 3000)]
    public void Should_Bracket_The_True_Peak_Within_The_Resolution(double start, double peak)
    {
        var (plan, probes) = Drive(r => r.Qps <= peak ? ProbeOutcome.Passed : ProbeOutcome.Failed, start, maxProbes: 20);

        Assert.True(plan.Resolved);
        Assert.InRange(peak, plan.HighestPassing!.Value, plan.LowestFailing!.Value);
        Assert.True(plan.LowestFailing - plan.HighestPassing <= PeakSearchPlan.Resolution * plan.HighestPassing);
        Assert.All(probes, p => Assert.Equal(0, p.Request.Attempt));
    }

    /// <summary>
    /// The quickstart's case: 254 qps passed, 508 met the SLO but was called unstable, and the old
    /// search went on above 508 and reported 256. Now 508 is run again before anything else.
    /// </summary>
    [Fact]
    public void Should_Run_A_Rate_That_Met_The_Slo_In_An_Invalid_Run_Again_Before_Moving_On()
    {
        const double peak = 520;
        var (plan, probes) = Drive(r => r.Qps > peak ? ProbeOutcome.Failed : r.Qps > 300 && r.Attempt == 0 ? ProbeOutcome.Inconclusive : ProbeOutcome.Passed, start: 254);

        Assert.Equal(new ProbeRequest(508, 0), probes[1].Request);
        Assert.StartsWith("inconclusive: met the SLO in an invalid run; run again", probes[1].Note, StringComparison.Ordinal);
        Assert.Equal(new ProbeRequest(508, 1), probes[2].Request);
        Assert.Equal("passed: met the SLO in a valid run", probes[2].Note);
        Assert.True(plan.Resolved);
        Assert.InRange(peak, plan.HighestPassing!.Value, plan.LowestFailing!.Value);
    }

    [Fact]
    public void Should_Let_A_Rate_Never_Confirmed_Bound_The_Search_From_Above()
    {
        // Rates from 400 up meet the SLO but are never valid: the answer is below 400, to within 5%.
        var (plan, probes) = Drive(r => r.Qps >= 400 ? ProbeOutcome.Inconclusive : ProbeOutcome.Passed, start: 100, maxProbes: 20);

        Assert.Contains(probes, p => p.Note.StartsWith("inconclusive again: not confirmed", StringComparison.Ordinal));
        Assert.True(plan.Resolved);
        Assert.True(plan.LowestFailing >= 400);
        Assert.True(plan.HighestPassing >= 400 / (1 + PeakSearchPlan.Resolution));
    }

    [Fact]
    public void Should_Say_Where_The_Peak_Was_Left_When_The_Probes_Run_Out()
    {
        var (plan, probes) = Drive(r => r.Qps <= 450 ? ProbeOutcome.Passed : ProbeOutcome.Failed, start: 100, maxProbes: 4);

        Assert.Equal(4, probes.Count);
        Assert.False(plan.Resolved);
        Assert.Contains("probes spent with the peak between 400 and 800 qps", probes[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Stop_At_The_Floor_When_Nothing_Passes()
    {
        var (plan, probes) = Drive(_ => ProbeOutcome.Failed, start: 100, floor: 20);

        Assert.Equal([100, 50, 25, 20], probes.Select(p => p.Request.Qps));
        Assert.Null(plan.HighestPassing);
        Assert.Null(plan.Next);
    }

    [Fact]
    public void Should_Count_Re_Runs_Against_The_Budget()
    {
        var (_, probes) = Drive(_ => ProbeOutcome.Inconclusive, start: 100, maxProbes: 5);
        Assert.Equal(5, probes.Count);
        Assert.Equal([0, 1, 0, 1, 0], probes.Select(p => p.Request.Attempt));
    }
}
