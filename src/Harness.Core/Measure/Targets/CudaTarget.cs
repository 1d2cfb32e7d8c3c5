using Harness.Assets;
using Harness.Onnx.Runtime;
using Harness.Plan;
using Harness.Prepare;

namespace Harness.Measure.Targets;

/// <summary>
/// The model on an NVIDIA GPU through ONNX Runtime's CUDA execution provider. The worker loads
/// ONNX Runtime's CUDA build (one native library per process, so a CUDA job has a worker of its
/// own like every job); where the build, CUDA, cuDNN, the driver or a GPU is missing, each job
/// says <c>unavailable: …</c> with the way out and the run goes on with the other targets.
/// </summary>
public sealed class CudaTarget : ITarget
{
    public IDeployedModel Deploy(MeasurementJob job, Action<string> reportPhase)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (CudaAvailability.Check(AssetCatalog.Home) is { } missing)
        {
            throw new TargetUnavailableException($"unavailable: {missing}");
        }

        var settings = job.Target.Cuda ?? CudaSettings.Default;
        var environment = OrtLibrary.Load(build: OrtNativeBuild.Cuda).CreateEnvironment();
        try
        {
            var prepared = VariantPreparer.Prepare(job, environment, reportPhase);
            var variantJob = job with { Model = job.Model with { Path = prepared.Path } };
            var resident = new CudaResidentInputs(settings.DeviceId);
            return new OrtDeployment(environment, variantJob, job.Model.Path, prepared.Info, options => options.AppendCudaProvider(settings.ProviderOptions()), resident);
        }
        catch
        {
            environment.Dispose();
            throw;
        }
    }

    public TargetTraits Traits { get; } = new("CUDAExecutionProvider", Results.FigureKinds.Measured, true);
}
