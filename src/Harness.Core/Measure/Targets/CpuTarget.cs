using Harness.Onnx.Runtime;
using Harness.Plan;
using Harness.Prepare;

namespace Harness.Measure.Targets;

/// <summary>The model on this machine's CPU through ONNX Runtime, with the target's session settings.</summary>
public sealed class CpuTarget : ITarget
{
    public IDeployedModel Deploy(MeasurementJob job, Action<string> reportPhase)
    {
        var environment = OrtLibrary.Shared.CreateEnvironment();
        try
        {
            var prepared = VariantPreparer.Prepare(job, environment, reportPhase);
            var variantJob = job with { Model = job.Model with { Path = prepared.Path } };
            return new OrtDeployment(environment, variantJob, job.Model.Path, prepared.Info);
        }
        catch
        {
            environment.Dispose();
            throw;
        }
    }
}
