using System.Diagnostics;

namespace Harness.Measure.Clock;

/// <summary>
/// A span of clock ticks (<see cref="Stopwatch"/>'s resolution) and its conversions: the one place
/// where ticks become milliseconds, seconds or a <see cref="TimeSpan"/>, and back.
/// </summary>
public readonly record struct Duration(long Ticks)
{
    public static readonly long TicksPerSecond = Stopwatch.Frequency;

    private static readonly double MillisecondsPerTick = 1000.0 / Stopwatch.Frequency;

    public double Milliseconds => Ticks * MillisecondsPerTick;

    public double Seconds => Ticks / (double)TicksPerSecond;

    public TimeSpan ToTimeSpan() => Stopwatch.GetElapsedTime(0, Ticks);

    public static Duration Between(long start, long end) => new(end - start);

    public static Duration FromSeconds(double seconds) => new((long)(seconds * TicksPerSecond));

    public static Duration FromMilliseconds(double milliseconds) => FromSeconds(milliseconds / 1000);

    public static Duration From(TimeSpan span) => FromSeconds(span.TotalSeconds);
}
