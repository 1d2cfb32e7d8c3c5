using Harness.Measure.Targets;
using Harness.Results;

namespace Harness.Measure.LoadGenerators;

/// <summary>
/// Runs one kind of load (LoadGen's scenarios, a concurrency sweep, an accuracy pass) against a
/// deployed model and turns what it measured into the job's result. The generator for each
/// kind is listed in <see cref="LoadGeneratorTable"/>.
/// </summary>
public interface ILoadGenerator
{
    MeasurementResult Run(LoadContext context, IDeployedModel model);
}
