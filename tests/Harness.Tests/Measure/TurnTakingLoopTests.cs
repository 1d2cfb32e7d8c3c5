using Harness.Measure;
using Harness.Measure.Clock;
using Harness.Plan;
using Harness.Statistics;
using Harness.Tests.Measure.Clock;

namespace Harness.Tests.Measure;

public sealed class TurnTakingLoopTests
{
    private readonly SimulatedTime time = new();

    /// <summary>
    /// A query of a fixed cost on a machine whose speed changes: <paramref name="slowdownAt"/> gives
    /// the factor at a simulated moment. Each issue is written to <paramref name="log"/> by side.
    /// </summary>
    private struct MachineQuery(SimulatedTime time, double ms, Func<double, double> slowdownAt, char side, List<char> log) : IQuery
    {
        public int Issued;

        public void Issue()
        {
            var seconds = new Duration(time.Now).ToTimeSpan().TotalSeconds;
            time.Spend(TimeSpan.FromMilliseconds(ms * slowdownAt(seconds)));
            log.Add(side);
            Issued++;
        }
    }

    private static RunRules Rules(TimeSpan minDuration, int minQueries = 10, double maxSeconds = 60) =>
        RunRules.Defaults with { MinDuration = minDuration, MinQueries = minQueries, MaxDuration = TimeSpan.FromSeconds(maxSeconds), Seed = 7 };

    [Fact]
    public void A_machine_a_third_slower_for_a_stretch_moves_both_sides_alike_and_the_ratio_stays_the_models()
    {
        // A third slower from 1 s to 2.5 s: the kind of stretch a shared host has for minutes.
        static double Phases(double seconds) => seconds is >= 1.0 and < 2.5 ? 1.33 : 1.0;
        var log = new List<char>();
        var baseline = new MachineQuery(time, 1.0, Phases, 'b', log);
        var current = new MachineQuery(time, 1.1, Phases, 'c', log);

        var outcome = TurnTakingLoop.Run(ref baseline, ref current, time.Clock, Rules(TimeSpan.FromSeconds(2)));

        Assert.Equal(LoopStop.MinimumsMet, outcome.First.Stop);
        var ratio = Median(outcome.Second) / Median(outcome.First);
        Assert.InRange(ratio, 1.09, 1.11);
        // Both sides saw the slow stretch in the same share of their latencies.
        Assert.InRange(SlowShare(outcome.Second, 1.1) - SlowShare(outcome.First, 1.0), -0.03, 0.03);
        Assert.InRange(SlowShare(outcome.First, 1.0), 0.3, 0.5);
    }

    [Fact]
    public void Each_side_meets_the_minimums_in_its_own_time_and_its_first_query_of_each_turn_is_not_timed()
    {
        var log = new List<char>();
        var fast = new MachineQuery(time, 1, _ => 1, 'f', log);
        var slow = new MachineQuery(time, 2, _ => 1, 's', log);

        var outcome = TurnTakingLoop.Run(ref fast, ref slow, time.Clock, Rules(TimeSpan.FromSeconds(1)));

        Assert.Equal(LoopStop.MinimumsMet, outcome.Second.Stop);
        Assert.InRange(outcome.First.Elapsed.TotalSeconds, 1.0, 1.2);
        Assert.InRange(outcome.Second.Elapsed.TotalSeconds, 1.0, 1.2);
        // Turns of a tenth of a second: about 100 fast queries and 50 slow ones each.
        Assert.Equal(outcome.Turns, outcome.First.Count / 100);
        Assert.Equal(fast.Issued, outcome.First.Count + outcome.Turns);
        Assert.Equal(slow.Issued, outcome.Second.Count + outcome.Turns);
        Assert.All(outcome.Second.Samples.ToArray(), ticks => Assert.Equal(Duration.FromMilliseconds(2).Ticks, ticks));
        Assert.Equal(Enumerable.Range(0, outcome.Turns).Select(i => i * 100), outcome.FirstTurnStarts);
        Assert.Equal(Enumerable.Range(0, outcome.Turns).Select(i => i * 50), outcome.SecondTurnStarts);
    }

    [Fact]
    public void The_order_within_each_pair_of_turns_is_drawn_so_neither_side_always_goes_first()
    {
        var log = new List<char>();
        var a = new MachineQuery(time, 1, _ => 1, 'a', log);
        var b = new MachineQuery(time, 1, _ => 1, 'b', log);

        var outcome = TurnTakingLoop.Run(ref a, ref b, time.Clock, Rules(TimeSpan.FromSeconds(3)));

        // Each round is two turns of 101 issues (one untimed); which side opened it is the first letter.
        var openers = Enumerable.Range(0, outcome.Turns).Select(round => log[round * 202]).ToList();
        Assert.InRange(openers.Count(c => c == 'a'), 5, outcome.Turns - 5);
        Assert.Equal(outcome.Turns * 202, log.Count);
    }

    [Fact]
    public void A_side_too_slow_for_the_maximum_duration_stops_both()
    {
        var log = new List<char>();
        var fast = new MachineQuery(time, 1, _ => 1, 'f', log);
        var slow = new MachineQuery(time, 50, _ => 1, 's', log);

        var outcome = TurnTakingLoop.Run(ref fast, ref slow, time.Clock, Rules(TimeSpan.FromSeconds(1), minQueries: 1000, maxSeconds: 2));

        Assert.Equal(LoopStop.MaxDuration, outcome.First.Stop);
        Assert.Equal(LoopStop.MaxDuration, outcome.Second.Stop);
        Assert.True(outcome.Second.Count < 1000, "the slow side never reached min_queries");
        Assert.InRange(outcome.Second.Elapsed.TotalSeconds, 2.0, 2.2);
    }

    private static double Median(LoopOutcome outcome) => Quantile.OfSorted([.. outcome.Samples.ToArray().Select(t => (double)t).Order()], 0.5);

    private static double SlowShare(LoopOutcome outcome, double ms) =>
        outcome.Samples.ToArray().Count(t => t > Duration.FromMilliseconds(ms * 1.1).Ticks) / (double)outcome.Count;
}
