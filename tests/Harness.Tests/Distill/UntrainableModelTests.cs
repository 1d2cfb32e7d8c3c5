using Harness.Execute;
using Harness.Plan;
using Harness.Prepare;
using Harness.Results;

namespace Harness.Tests.Distill;

/// <summary>A <c>train:</c> model that cannot be trained fails its own jobs with one message; the other models are trained and the run goes on.</summary>
[Collection(TorchCollection.Name)]
public sealed class UntrainableModelTests : IDisposable
{
    // maxpool 64 cannot fit a 28×28 image: found when training starts, before libtorch loads.
    private const string Scenario = """
        version: 1
        name: untrainable
        models:
          - name: broken
            train: { architecture: "conv 4 3, maxpool 64, flatten", dataset: fashion-mnist, samples: 50, epochs: 1 }
            accuracy: { dataset: fashion-mnist, samples: 20 }
          - name: small
            train: { architecture: mlp-tiny, dataset: fashion-mnist, samples: 200, epochs: 1, seed: 29 }
            accuracy: { dataset: fashion-mnist, samples: 20 }
        loads: [single-stream]
        """;

    private readonly string folder = TestAssets.NewScratchDirectory("untrainable");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task An_untrainable_model_fails_only_its_own_jobs_naming_it()
    {
        var parsed = ScenarioParser.Parse(Scenario, Path.Combine(folder, "s.yaml"));
        var said = new List<string>();

        var scenario = TrainedModels.EnsureAll(parsed, said.Add, null);

        const string reason = "model 'broken' could not be trained: student 'custom' layer 2 ('maxpool 64') does not fit its input [4, 28, 28]: the image is smaller than its kernel";
        Assert.Equal(reason, scenario.Models[0].TrainingFailure);
        Assert.Single(said, s => s == reason);
        Assert.False(File.Exists(scenario.Models[0].Path));
        Assert.Null(scenario.Models[1].TrainingFailure);
        Assert.True(File.Exists(scenario.Models[1].Path));

        // Only the broken model's jobs: they fail unrun, so no worker is needed.
        var jobs = JobPlanner.Plan(scenario).Where(j => j.Model.Name == "broken").ToList();
        var store = ResultsStore.Create(Path.Combine(folder, "results"), "untrainable");
        var results = await new RunOrchestrator(new Observer(), TimeProvider.System)
            .RunAsync(scenario, jobs, store, EnvironmentProbe.Capture("test", ["CPUExecutionProvider"]), CancellationToken.None);

        Assert.Equal(["broken/fp32/cpu/accuracy", "broken/fp32/cpu/single-stream"], results.Measurements.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.All(results.Measurements, m => Assert.Equal((MeasurementStatus.Failed, reason), (m.Status, m.Error)));
    }

    private sealed class Observer : IRunObserver
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
