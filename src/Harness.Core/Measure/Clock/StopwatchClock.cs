using System.Diagnostics;

namespace Harness.Measure.Clock;

/// <summary>Real time: <see cref="Stopwatch"/> timestamps, waited for by the <see cref="Pacer"/>.</summary>
public readonly struct StopwatchClock : IClock
{
    public long GetTimestamp() => Stopwatch.GetTimestamp();

    public long WaitUntil(long deadline) => Pacer.WaitUntil(deadline);
}
