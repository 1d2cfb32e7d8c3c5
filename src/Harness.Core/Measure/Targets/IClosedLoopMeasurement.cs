using Harness.Results;

namespace Harness.Measure.Targets;

/// <summary>
/// The measuring side of <see cref="IDeployedModel.MeasureClosedLoop{TResult}"/>: called back with
/// the deployment's own struct query, so the hot loop runs specialised for it and allocates nothing.
/// </summary>
public interface IClosedLoopMeasurement<out TResult>
{
    TResult Measure<TQuery>(ref TQuery query, ColdStartInfo coldStart)
        where TQuery : struct, IQuery;
}
