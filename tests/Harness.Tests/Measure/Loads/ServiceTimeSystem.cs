using Harness.Measure.Sut;
using Harness.Tests.Measure.Clock;

namespace Harness.Tests.Measure.Loads;

/// <summary>
/// A system with a known service time, spent on simulated time, that records every batch it is
/// given. Queueing theory then predicts exactly what the loads must report.
/// </summary>
internal sealed class ServiceTimeSystem(SimulatedTime time, TimeSpan perBatch, int maxBatch = 1) : ISystemUnderTest
{
    public List<(long First, int Count)> Batches { get; } = [];

    public int MaxBatch => maxBatch;

    public void Infer(long first, int count)
    {
        Batches.Add((first, count));
        time.Spend(perBatch);
    }

    public ISystemUnderTest CreateClient() => new ServiceTimeSystem(time, perBatch, maxBatch);

    public void Dispose()
    {
    }
}
