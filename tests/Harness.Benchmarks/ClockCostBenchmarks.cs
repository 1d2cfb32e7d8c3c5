using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Harness.Benchmarks;

/// <summary>
/// The part of the measurement loop's per-request overhead that no code change can remove: a
/// latency needs a timestamp before and after the request. Set beside
/// <see cref="MeasurementLoopOverheadBenchmarks"/>, it shows how much of the loop's overhead is
/// the clock itself and how much is the loop's own bookkeeping.
/// </summary>
[Config(typeof(SharedBoxConfig))]
public class ClockCostBenchmarks
{
    /// <summary>The two <see cref="Stopwatch.GetTimestamp"/> calls the loop makes around every request.</summary>
    [Benchmark]
    public long TimestampPair()
    {
        var issued = Stopwatch.GetTimestamp();
        return Stopwatch.GetTimestamp() - issued;
    }
}
