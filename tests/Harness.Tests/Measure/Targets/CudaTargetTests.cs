using Harness.Execute;
using Harness.Measure.Targets;
using Harness.Plan;
using Harness.Results;
using Harness.Tests.Execute;

namespace Harness.Tests.Measure.Targets;

/// <summary>
/// The CUDA target on a machine that may have no GPU: its jobs say what is missing and how to get
/// it, and the other targets' jobs run. On a machine with the CUDA build, CUDA and a GPU, the same
/// scenario measures on the GPU instead.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class CudaTargetTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("cuda");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Without_the_CUDA_build_the_check_names_it_and_the_set_up_step()
    {
        var emptyHome = Path.Combine(folder, "home");
        Directory.CreateDirectory(emptyHome);
        if (Environment.GetEnvironmentVariable("HARNESS_ORT_LIB") is { Length: > 0 })
        {
            return; // a user's own ONNX Runtime build is checked instead of the installed one
        }

        var reason = CudaAvailability.Check(emptyHome);

        Assert.NotNull(reason);
        Assert.Contains("CUDA build is not installed", reason, StringComparison.Ordinal);
        Assert.Contains("./run.sh setup-cuda", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_settings_are_read_and_refused_on_other_targets()
    {
        var model = Path.Combine(folder, "m.onnx");
        File.WriteAllBytes(model, [1]);
        Scenario Parse(string target) => ScenarioParser.Parse($"version: 1\nmodels:\n  - name: m\n    path: m.onnx\ntargets:\n{target}", Path.Combine(folder, "s.yaml"));

        var gpu = Parse("  - name: gpu\n    device: cuda\n    device_id: 1\n    cudnn_conv_algo_search: heuristic\n    gpu_mem_limit: 2GiB\n").Targets[0];

        Assert.Equal(TargetDevice.Cuda, gpu.Device);
        Assert.Equal(new CudaSettings(1, "heuristic", 2L << 30), gpu.Cuda);
        Assert.Equal("2147483648", gpu.Cuda!.ProviderOptions()["gpu_mem_limit"]);
        Assert.Equal("HEURISTIC", gpu.Cuda.ProviderOptions()["cudnn_conv_algo_search"]);
        var error = Assert.Throws<ScenarioException>(() => Parse("  - name: cpu\n    device_id: 1\n"));
        Assert.Contains("'device_id' applies to cuda targets only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_with_an_unavailable_GPU_reports_it_per_job_and_measures_the_other_targets()
    {
        var path = Path.Combine(folder, "s.yaml");
        await File.WriteAllTextAsync(path, $"""
            version: 1
            name: cuda-check
            models:
              - name: cls
                path: {TestAssets.Classifier}
                inputs:
                  - name: x
                    shape: [batch, 3, 48, 192]
            targets:
              - name: gpu
                device: cuda
              - name: cpu
                threads: 1
            loads:
              - single-stream
            run:
              warmup: 2
              min_duration: 200ms
              min_queries: 64
            """);
        var scenario = ScenarioParser.ParseFile(path);
        var store = ResultsStore.Create(Path.Combine(folder, "results"), "run");
        var orchestrator = new RunOrchestrator(new SilentObserver(), TimeProvider.System);

        var results = await orchestrator.RunAsync(scenario, JobPlanner.Plan(scenario), store, EnvironmentProbe.Capture("test", []), CancellationToken.None);

        var gpu = results.Measurements.Single(m => m.Target == "gpu");
        var cpu = results.Measurements.Single(m => m.Target == "cpu");
        Assert.NotNull(cpu.LatencyMs);
        if (CudaAvailability.Check(Harness.Assets.AssetCatalog.Home) is { } missing)
        {
            Assert.Equal(MeasurementStatus.Failed, gpu.Status);
            Assert.Equal("unavailable: " + missing, gpu.Error);
        }
        else
        {
            Assert.NotNull(gpu.LatencyMs);
        }
    }

    private sealed class SilentObserver : IRunObserver
    {
        public void JobStarted(MeasurementJob job, int index, int count)
        {
        }

        public void JobPhase(MeasurementJob job, string phase)
        {
        }

        public void JobFinished(MeasurementResult result, int index, int count)
        {
        }
    }
}
