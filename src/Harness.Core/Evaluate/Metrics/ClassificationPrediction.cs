using System.Collections.ObjectModel;

namespace Harness.Evaluate.Metrics;

/// <summary>
/// One labelled classification output: the true class and the model's score per class.
/// <paramref name="Scores"/> may be probabilities or raw logits; metrics that need probabilities
/// convert with <see cref="ScoreVector"/> (softmax when the scores are not already a distribution).
/// The record checks its own shape so a bad label fails where the prediction is built, not deep
/// inside a metric.
/// </summary>
public sealed record ClassificationPrediction(int Label, float[] Scores, IReadOnlyDictionary<string, string> Slices)
    : ISlicedPrediction
{
    // Scores first: the label's check reads its length.
    public float[] Scores { get; init; } = Scores is null
        ? throw new ArgumentNullException(nameof(Scores))
        : Scores.Length == 0 ? throw new ArgumentException("a prediction needs at least one class score", nameof(Scores)) : Scores;

    public int Label { get; init; } = Label >= 0 && Scores is not null && Label < Scores.Length
        ? Label
        : throw new ArgumentOutOfRangeException(nameof(Label), Label, $"label must be a class index in [0, {Scores?.Length ?? 0})");

    public IReadOnlyDictionary<string, string> Slices { get; init; } = Slices ?? throw new ArgumentNullException(nameof(Slices));

    /// <summary>A prediction with no slice attributes.</summary>
    public ClassificationPrediction(int label, float[] scores)
        : this(label, scores, ReadOnlyDictionary<string, string>.Empty)
    {
    }

    /// <summary>The number of classes the model scored.</summary>
    public int ClassCount => Scores.Length;

    /// <summary>The predicted class: the highest score, the lowest index on ties.</summary>
    public int PredictedClass => ScoreVector.ArgMax(Scores);

    /// <summary>Builds a prediction from logits the caller knows are logits, storing softmax probabilities.</summary>
    public static ClassificationPrediction FromLogits(int label, ReadOnlySpan<float> logits, IReadOnlyDictionary<string, string> slices)
    {
        var probabilities = new float[logits.Length];
        ScoreVector.Softmax(logits, probabilities);
        return new ClassificationPrediction(label, probabilities, slices);
    }
}
