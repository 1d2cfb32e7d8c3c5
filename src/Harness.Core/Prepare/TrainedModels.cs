using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Harness.Assets;
using Harness.Distill;
using Harness.Distill.Export;
using Harness.Distill.Native;
using Harness.Distill.Students;
using Harness.Distill.Training;
using Harness.Evaluate;
using Harness.Optimize.Variants;
using Harness.Plan;

namespace Harness.Prepare;

/// <summary>
/// Models the harness trains itself (<c>train:</c>), kept like variants: each in a folder named by
/// a hash of its settings, built in a scratch folder, checked in ONNX Runtime and renamed into
/// place, so a run trains a model once and an interrupted training leaves nothing behind.
/// </summary>
public static class TrainedModels
{
    /// <summary>Bumped whenever training or export changes what the same settings produce.</summary>
    public const int Version = 1;

    /// <summary>The names a trained model answers to: its input and its output (class scores, no Softmax).</summary>
    public static StudentInterface Interface { get; } = new("image", "scores", Softmax: false);

    public static string Root => Path.Combine(AssetCatalog.Home, "trained");

    public static string PathFor(TrainRequest request) => Path.Combine(Root, Key(request), VariantCache.ModelFileName);

    /// <summary>
    /// Trains every <c>train:</c> model of the scenario that the cache does not hold yet. A model
    /// that cannot be trained (a diverging loss, layers that do not fit its data, a libtorch that
    /// will not load, a failed write) is said once and returned marked with the reason, so only its
    /// own jobs fail and the rest of the run goes on.
    /// </summary>
    /// <returns>The scenario with each untrainable model's <see cref="ModelSpec.TrainingFailure"/> set.</returns>
    public static Scenario EnsureAll(Scenario scenario, Action<string> say, Action<EpochProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(say);
        var models = new List<ModelSpec>(scenario.Models.Count);
        foreach (var model in scenario.Models)
        {
            models.Add(model.Training is null || File.Exists(model.Path) ? model : TryTrain(model, say, progress));
        }

        return scenario with { Models = models };
    }

    private static ModelSpec TryTrain(ModelSpec model, Action<string> say, Action<EpochProgress>? progress)
    {
        try
        {
            Train(model.Name, model.Training!, model.Path, say, progress);
            return model;
        }
        catch (Exception e) when (e is UserFacingException or ExternalException or IOException or UnauthorizedAccessException)
        {
            // ExternalException: libtorch's own errors (out of memory, a shape it refuses) reach .NET as this.
            var reason = $"model '{model.Name}' could not be trained: {e.Message}";
            say(reason);
            return model with { TrainingFailure = reason };
        }
    }

    private static void Train(string name, TrainRequest request, string path, Action<string> say, Action<EpochProgress>? progress)
    {
        var architecture = StudentArchitecture.Parse(request.Architecture);
        var dataset = DatasetCatalog.OpenTraining(request.Dataset);
        var set = TrainingSet.Load(dataset, request.Samples);
        if (set.Labels is null)
        {
            throw new DistillationException($"model '{name}': {request.Dataset} has no labels to train on");
        }

        var classes = dataset.ClassCount ?? (set.Labels.Max() + 1);
        StudentShapes.Infer(architecture, set.SampleShape, classes);
        LibTorchRuntime.EnsureLoaded(AssetCatalog.Home, say);
        say(string.Create(CultureInfo.InvariantCulture, $"training model '{name}' ({architecture.Describe()}) on {set.Count} {request.Dataset} samples"));
        var (network, report) = new StudentTrainer(request.Options with { Alpha = 0 }, progress).Train(architecture, set, classes);
        var folder = Path.GetDirectoryName(path)!;
        var scratch = folder + ".building-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            Directory.CreateDirectory(scratch);
            using (network)
            {
                StudentExporter.Export(network, Interface).Save(Path.Combine(scratch, VariantCache.ModelFileName));
            }

            VariantVerifier.EnsureLoads(Path.Combine(scratch, VariantCache.ModelFileName), $"trained model '{name}'");
            File.WriteAllText(Path.Combine(scratch, "training.json"), Spec(request).ToJsonString());
            Directory.CreateDirectory(Root);
            Directory.Move(scratch, folder);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        say(string.Create(CultureInfo.InvariantCulture,
            $"trained model '{name}': kept epoch {report.BestEpoch} of {report.Epochs.Count} (validation accuracy {report.BestValidationAccuracy:P2}); {report.StopReason}; {report.SamplesPerSecond:0} samples/s, {report.Elapsed.TotalSeconds:0} s"));
    }

    private static JsonObject Spec(TrainRequest request) => new()
    {
        ["architecture"] = StudentArchitecture.Parse(request.Architecture).Describe(),
        ["dataset"] = request.Dataset,
        ["samples"] = request.Samples,
        ["training"] = request.Options.ToJson(),
        ["version"] = Version,
    };

    private static string Key(TrainRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("harness-trained\n" + CanonicalJson.Write(Spec(request)))))[..32];
}
