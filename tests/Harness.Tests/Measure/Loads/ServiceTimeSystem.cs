using System.Diagnostics;
using Harness.Measure.Sut;

namespace Harness.Tests.Measure.Loads;

/// <summary>
/// A system with a known service time (busy-waiting, so the time is spent like compute) that
/// records every batch it is given. Queueing theory then predicts what the loads must report.
/// </summary>
internal sealed class ServiceTimeSystem(TimeSpan perBatch, int maxBatch = 1) : ISystemUnderTest
{
    private readonly long ticks = (long)(perBatch.TotalSeconds * Stopwatch.Frequency);

    public List<(long First, int Count)> Batches { get; } = [];

    public int MaxBatch => maxBatch;

    public void Infer(long first, int count)
    {
        Batches.Add((first, count));
        var until = Stopwatch.GetTimestamp() + ticks;
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(10);
        }
    }

    public ISystemUnderTest CreateClient() => new ServiceTimeSystem(perBatch, maxBatch);

    public void Dispose()
    {
    }
}
