namespace Harness.Measure.Sut;

/// <summary>Answers at once: what the harness alone costs per request, its ceiling.</summary>
public sealed class NoOpSystem(int maxBatch) : ISystemUnderTest
{
    private long answered;

    public int MaxBatch => maxBatch;

    public long Answered => Interlocked.Read(ref answered);

    public void Infer(long first, int count) => Interlocked.Add(ref answered, count);

    public ISystemUnderTest CreateClient() => new NoOpSystem(maxBatch);

    public void Dispose()
    {
    }
}
