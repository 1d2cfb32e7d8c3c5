using System.Text.Json.Nodes;

namespace Harness.Distill.Training;

/// <summary>
/// How a student is trained: AdamW (Adam with decoupled weight decay) with a cosine learning-rate
/// schedule over mini-batches, a held-out validation split for early stopping, and a time
/// budget. Every random choice (initialisation, split, shuffling, dropout) follows <see cref="Seed"/>.
/// </summary>
/// <param name="Temperature">T of the distillation loss: how much of the teacher's ranking of wrong classes is kept.</param>
/// <param name="Alpha">The distillation term's weight; 1 − α goes to the hard labels. 0 trains on labels alone.</param>
/// <param name="Patience">Epochs without a better validation accuracy before training stops.</param>
/// <param name="Budget">Training stops after the epoch that passes this much time.</param>
public sealed record TrainingOptions(
    int Epochs = 10,
    int BatchSize = 128,
    double LearningRate = 2e-3,
    double WeightDecay = 1e-4,
    double Temperature = 4,
    double Alpha = 0.9,
    double ValidationFraction = 0.1,
    int Patience = 3,
    TimeSpan? Budget = null,
    int Seed = 1,
    int Threads = 1)
{
    /// <summary>Every option, by name: the part of a cache key that says how a model was trained.</summary>
    public JsonObject ToJson() => new()
    {
        ["epochs"] = Epochs,
        ["batchSize"] = BatchSize,
        ["learningRate"] = LearningRate,
        ["weightDecay"] = WeightDecay,
        ["temperature"] = Temperature,
        ["alpha"] = Alpha,
        ["validation"] = ValidationFraction,
        ["patience"] = Patience,
        ["budgetSeconds"] = Budget?.TotalSeconds,
        ["seed"] = Seed,
        ["threads"] = Threads,
    };

    public void Validate()
    {
        Check(Epochs >= 1, "epochs must be at least 1");
        Check(BatchSize >= 1, "batch_size must be at least 1");
        Check(LearningRate is > 0 and < 10, "learning_rate must lie in (0, 10)");
        Check(WeightDecay >= 0, "weight_decay must not be negative");
        Check(Temperature > 0, "temperature must be positive");
        Check(Alpha is >= 0 and <= 1, "alpha must lie in [0, 1]");
        Check(ValidationFraction is > 0 and < 1, "validation must be a fraction in (0, 1)");
        Check(Patience >= 1, "patience must be at least 1");
        Check(Threads >= 1, "threads must be at least 1");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new DistillationException(message);
        }
    }
}
