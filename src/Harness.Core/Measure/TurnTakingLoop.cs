using Harness.Measure.Clock;
using Harness.Measure.Stopping;
using Harness.Plan;

namespace Harness.Measure;

/// <summary>What a turn-taking run measured: each side's latencies, and where each of its turns began.</summary>
/// <param name="First">The first query's latencies; its elapsed time is the sum of its own turns.</param>
/// <param name="FirstTurnStarts">The index of each turn's first latency; turn i of both sides ran back to back.</param>
public readonly record struct TurnsOutcome(LoopOutcome First, LoopOutcome Second, int[] FirstTurnStarts, int[] SecondTurnStarts)
{
    public int Turns => FirstTurnStarts.Length;
}

/// <summary>
/// Two queries measured in turns, one after the other, each turn <see cref="TurnLength"/> long:
/// the comparison a shared machine cannot spoil. Such a machine's speed moves for seconds or
/// minutes at a time; two sides measured a tenth of a second apart, many times over, see the
/// same speeds in the same shares, so what differs between them is the models'. The order within
/// each pair of turns is drawn (seeded), so neither side always follows the other. The first
/// query of each turn is issued untimed: it runs on caches the other model just filled, a cost
/// of taking turns that neither side should carry. The run ends when both sides have met the
/// rules' minimums in their own time, or either reaches a maximum.
/// </summary>
public static class TurnTakingLoop
{
    public static readonly TimeSpan TurnLength = TimeSpan.FromMilliseconds(100);

    public static TurnsOutcome Run<TFirst, TSecond, TClock>(ref TFirst first, ref TSecond second, TClock clock, RunRules rules)
        where TFirst : struct, IQuery
        where TSecond : struct, IQuery
        where TClock : struct, IClock
    {
        ArgumentNullException.ThrowIfNull(rules);
        var limits = new RunLimits(rules);
        var turnTicks = Duration.From(TurnLength).Ticks;
        var random = new Random(rules.Seed);
        var a = new Side(rules.MaxQueries);
        var b = new Side(rules.MaxQueries);
        LoopStop stop;
        while (true)
        {
            if (random.Next(2) == 0)
            {
                a.Turn(ref first, clock, turnTicks);
                b.Turn(ref second, clock, turnTicks);
            }
            else
            {
                b.Turn(ref second, clock, turnTicks);
                a.Turn(ref first, clock, turnTicks);
            }

            if (limits.MinimumsMet(a.Count, a.Elapsed) && limits.MinimumsMet(b.Count, b.Elapsed))
            {
                stop = LoopStop.MinimumsMet;
                break;
            }

            if (a.Full || b.Full)
            {
                stop = LoopStop.MaxQueries;
                break;
            }

            if (limits.OutOfTime(a.Elapsed) || limits.OutOfTime(b.Elapsed))
            {
                stop = LoopStop.MaxDuration;
                break;
            }
        }

        return new TurnsOutcome(a.Outcome(stop), b.Outcome(stop), [.. a.TurnStarts], [.. b.TurnStarts]);
    }

    /// <summary>One side's latencies so far, and the time spent in its own turns.</summary>
    private sealed class Side(int maxQueries)
    {
        private readonly long[] latencies = new long[maxQueries];

        public int Count { get; private set; }

        public long Elapsed { get; private set; }

        public bool Full => Count == latencies.Length;

        public List<int> TurnStarts { get; } = [];

        public void Turn<TQuery, TClock>(ref TQuery query, TClock clock, long turnTicks)
            where TQuery : struct, IQuery
            where TClock : struct, IClock
        {
            query.Issue();
            TurnStarts.Add(Count);
            var start = clock.GetTimestamp();
            var end = start;
            do
            {
                var issued = clock.GetTimestamp();
                query.Issue();
                end = clock.GetTimestamp();
                latencies[Count++] = end - issued;
            }
            while (end - start < turnTicks && Count < latencies.Length);
            Elapsed += end - start;
        }

        public LoopOutcome Outcome(LoopStop stop) => new(latencies, Count, Elapsed, stop);
    }
}
