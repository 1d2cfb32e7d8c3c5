using Harness.Measure.Sut;
using Harness.Results;

namespace Harness.Measure.Targets;

/// <summary>
/// A deployment that is nothing but a system under test: closed loops issue single requests to
/// it, other loads drive it directly. Targets with no model to load or evaluate use it.
/// </summary>
public sealed class SystemDeployment(Func<int, ISystemUnderTest> createSystem) : IDeployedModel
{
    private static readonly ColdStartInfo NoColdStart = new(0, 0);

    public VariantInfo? Variant => null;

    public TResult MeasureClosedLoop<TResult>(int batchSize, IClosedLoopMeasurement<TResult> measurement)
    {
        using var system = createSystem(batchSize);
        var query = new SystemQuery(system, batchSize);
        return measurement.Measure(ref query, NoColdStart);
    }

    public ServingSystem Serve(int maxBatch) => new(createSystem(maxBatch), NoColdStart);

    public Quality Evaluate(Action<string> reportPhase) =>
        throw new InvalidOperationException("this target runs no model, so it has no accuracy to evaluate");

    public void Dispose()
    {
    }
}
