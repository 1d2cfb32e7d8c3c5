using Harness.Measure.Sut;
using Harness.Results;

namespace Harness.Measure.Targets;

/// <summary>A system under test made by a deployment, with what its first inference cost.</summary>
public sealed record ServingSystem(ISystemUnderTest System, ColdStartInfo ColdStart) : IDisposable
{
    public void Dispose() => System.Dispose();
}
