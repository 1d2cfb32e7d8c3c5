namespace Harness.Measure.Clock;

/// <summary>
/// Where measurement code reads the time and waits for it, in <see cref="Duration"/> ticks.
/// Implemented by structs and passed by generic constraint (<c>TClock : struct, IClock</c>), as
/// queries are: the real clock then compiles to a bare <see cref="System.Diagnostics.Stopwatch"/>
/// read, and tests run loads and pacing on a simulated clock, fast and deterministic.
/// </summary>
public interface IClock
{
    /// <summary>The current reading, in ticks of <see cref="Duration.TicksPerSecond"/>.</summary>
    long GetTimestamp();

    /// <summary>Returns once the clock reads at least <paramref name="deadline"/>, with that reading.</summary>
    long WaitUntil(long deadline);
}
