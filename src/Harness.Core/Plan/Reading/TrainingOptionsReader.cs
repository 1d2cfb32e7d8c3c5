using Harness.Distill;
using Harness.Distill.Training;
using Harness.Evaluate;

namespace Harness.Plan.Reading;

/// <summary>The training settings a distilled variant and a trained model share, each with a default.</summary>
internal static class TrainingOptionsReader
{
    public static readonly string[] Keys =
        ["epochs", "batch_size", "learning_rate", "weight_decay", "temperature", "alpha", "validation", "patience", "budget", "seed", "threads"];

    public static TrainingOptions Read(YamlMap map, TrainingOptions defaults)
    {
        var options = new TrainingOptions(
            map.OptionalInt("epochs", defaults.Epochs, 1, 10_000),
            map.OptionalInt("batch_size", defaults.BatchSize, 1, 65_536),
            map.OptionalDouble("learning_rate", defaults.LearningRate),
            map.OptionalDouble("weight_decay", defaults.WeightDecay),
            map.OptionalDouble("temperature", defaults.Temperature),
            map.OptionalDouble("alpha", defaults.Alpha),
            map.OptionalDouble("validation", defaults.ValidationFraction),
            map.OptionalInt("patience", defaults.Patience, 1, 10_000),
            map.OptionalDuration("budget", defaults.Budget ?? TimeSpan.FromMinutes(5)),
            map.OptionalInt("seed", defaults.Seed, int.MinValue, int.MaxValue),
            map.OptionalInt("threads", defaults.Threads, 1, 256));
        try
        {
            options.Validate();
        }
        catch (DistillationException e)
        {
            throw map.Error(map.Node, $"{map.Context}: {e.Message}");
        }

        return options;
    }

    /// <summary>The required <c>dataset</c>: one with a training split.</summary>
    public static string ReadDataset(YamlMap map) =>
        map.ReadChoice(map.Require("dataset"), "dataset", DatasetCatalog.TrainingSets.ToDictionary(n => n, n => n, StringComparer.Ordinal));
}
