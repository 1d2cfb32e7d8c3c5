using Harness.Distill;
using Harness.Distill.Students;
using Harness.Distill.Training;
using Harness.Evaluate;
using Harness.Prepare;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>
/// Reads a <c>kind: distilled</c> variant's training settings: the student, the dataset and the
/// training options (all but the student have defaults). A distilled variant brings its
/// hard-label twin, <c>NAME-hard</c>, unless it says <c>twin: false</c>.
/// </summary>
internal static class DistillationReader
{
    public const string TwinSuffix = "-hard";

    public static readonly string[] Keys =
        ["student", "dataset", "samples", "epochs", "batch_size", "learning_rate", "weight_decay", "temperature", "alpha", "validation", "patience", "budget", "seed", "threads", "twin"];

    private static readonly TrainingOptions Defaults = new(Budget: TimeSpan.FromMinutes(2));

    /// <summary>The request for a distilled variant; null for other kinds, which may not use these keys.</summary>
    public static DistillationRequest? Read(YamlMap map, VariantKind kind)
    {
        if (kind != VariantKind.Distilled)
        {
            return Keys.FirstOrDefault(map.Has) is { } stray
                ? throw map.Error(map.Get(stray)!, $"'{stray}' applies to distilled variants only, not {kind.Name()}")
                : null;
        }

        var studentNode = map.Require("student");
        try
        {
            StudentArchitecture.Parse(map.ScalarText(studentNode, "student"));
        }
        catch (DistillationException e)
        {
            throw map.Error(studentNode, e.Message);
        }

        var datasetNode = map.Require("dataset");
        var dataset = map.ReadChoice(datasetNode, "dataset", DatasetCatalog.TrainingSets.ToDictionary(n => n, n => n, StringComparer.Ordinal));
        var options = new TrainingOptions(
            map.OptionalInt("epochs", Defaults.Epochs, 1, 10_000),
            map.OptionalInt("batch_size", Defaults.BatchSize, 1, 65_536),
            map.OptionalDouble("learning_rate", Defaults.LearningRate),
            map.OptionalDouble("weight_decay", Defaults.WeightDecay),
            map.OptionalDouble("temperature", Defaults.Temperature),
            map.OptionalDouble("alpha", Defaults.Alpha),
            map.OptionalDouble("validation", Defaults.ValidationFraction),
            map.OptionalInt("patience", Defaults.Patience, 1, 10_000),
            map.OptionalDuration("budget", Defaults.Budget!.Value),
            map.OptionalInt("seed", Defaults.Seed, int.MinValue, int.MaxValue),
            map.OptionalInt("threads", Defaults.Threads, 1, 256));
        try
        {
            options.Validate();
        }
        catch (DistillationException e)
        {
            throw map.Error(map.Node, $"{map.Context}: {e.Message}");
        }

        return new DistillationRequest(
            map.ScalarText(studentNode, "student"),
            dataset,
            map.OptionalInt("samples", 60_000, 2, 10_000_000),
            options,
            HardLabelsOnly: false,
            Twin: map.OptionalBool("twin", true));
    }

    /// <summary>The request, followed by its hard-label twin where it has one (same student, seed and budget; α = 0).</summary>
    public static IEnumerable<VariantRequest> WithTwin(VariantRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        yield return request;
        if (request.Distillation is { Twin: true } asked)
        {
            yield return request with
            {
                Name = request.Name + TwinSuffix,
                Distillation = asked with { HardLabelsOnly = true, Twin = false },
            };
        }
    }
}
