namespace Harness.Measure.Sut;

/// <summary>One request at a time to a system under test, for the closed-loop measurement loop.</summary>
public struct SystemQuery(ISystemUnderTest system, int batch) : IQuery
{
    private long next;

    public void Issue()
    {
        system.Infer(next, batch);
        next += batch;
    }
}
