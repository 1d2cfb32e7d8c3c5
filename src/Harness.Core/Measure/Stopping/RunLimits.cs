using System.Runtime.CompilerServices;
using Harness.Measure.Clock;
using Harness.Plan;

namespace Harness.Measure.Stopping;

/// <summary>
/// When a running load may stop: once both LoadGen minimums (query count and duration) are met,
/// or when it runs out of time. A struct of three numbers, so the hot loop checks it inline.
/// </summary>
public readonly struct RunLimits(int minQueries, long minTicks, long maxTicks)
{
    // Inlined so the JIT keeps the three numbers in locals of the loop rather than in memory.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RunLimits(RunRules rules)
        : this(rules.MinQueries, Duration.From(rules.MinDuration).Ticks, Duration.From(rules.MaxDuration).Ticks)
    {
    }

    public bool MinimumsMet(int queries, long elapsedTicks) => queries >= minQueries && elapsedTicks >= minTicks;

    public bool OutOfTime(long elapsedTicks) => elapsedTicks >= maxTicks;
}
