using Harness.Evaluate.Metrics;

namespace Harness.Evaluate.Drift;

/// <summary>
/// How a model's behaviour moves from clean to shifted inputs of the same samples: the
/// population stability index and the Kolmogorov–Smirnov test between the two distributions of
/// its per-sample <see cref="Score"/> (<see cref="DriftScores"/>), each distribution's mean, and
/// how much a quality metric drops. PSI and KS see a change in confidence even where accuracy has
/// not moved yet, which is why they come with the drop.
/// </summary>
public sealed record DriftReport(
    string Score,
    int Count,
    PsiResult Psi,
    KolmogorovSmirnovResult KolmogorovSmirnov,
    AccuracyDrop Drop,
    double CleanMeanScore,
    double ShiftedMeanScore)
{
    public const string TopConfidence = "top-1 confidence";
    public const string TextSimilarity = "1 - normalised edit distance";

    /// <summary>Compares classifications by top-1 confidence; the drop is <paramref name="metric"/>'s (top-1 accuracy by default).</summary>
    /// <exception cref="ArgumentException">The lists are empty, differ in length, or disagree on a label (not the same samples in the same order).</exception>
    public static DriftReport ForClassification(
        IReadOnlyList<ClassificationPrediction> clean,
        IReadOnlyList<ClassificationPrediction> shifted,
        IMetric<ClassificationPrediction>? metric = null,
        int bins = PopulationStabilityIndex.DefaultBins)
    {
        RequireSameSamples(clean, shifted, (a, b) => a.Label == b.Label ? null : $"label {a.Label} clean, {b.Label} shifted");
        return Build(TopConfidence, DriftScores.TopConfidences(clean), DriftScores.TopConfidences(shifted), AccuracyDrop.Of(metric ?? new Top1Accuracy(), clean, shifted), bins);
    }

    /// <summary>Compares texts by <see cref="DriftScores.TextSimilarity"/>; the drop is <paramref name="metric"/>'s (exact match by default).</summary>
    /// <exception cref="ArgumentException">The lists are empty, differ in length, or disagree on a reference text (not the same samples in the same order).</exception>
    public static DriftReport ForSequences(
        IReadOnlyList<SequencePrediction> clean,
        IReadOnlyList<SequencePrediction> shifted,
        IMetric<SequencePrediction>? metric = null,
        int bins = PopulationStabilityIndex.DefaultBins)
    {
        RequireSameSamples(clean, shifted, (a, b) => string.Equals(a.Expected, b.Expected, StringComparison.Ordinal) ? null : $"reference \"{a.Expected}\" clean, \"{b.Expected}\" shifted");
        return Build(TextSimilarity, DriftScores.TextSimilarities(clean), DriftScores.TextSimilarities(shifted), AccuracyDrop.Of(metric ?? new ExactMatch(), clean, shifted), bins);
    }

    /// <summary>From two evaluation runs of one task (classifications or texts, by the run's task).</summary>
    public static DriftReport Of(EvaluationResult clean, EvaluationResult shifted)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(shifted);
        if (clean.Task != shifted.Task)
        {
            throw new ArgumentException($"The clean run is {clean.Task.Name()}, the shifted run {shifted.Task.Name()}; a drift report compares runs of one task.", nameof(shifted));
        }

        return clean.Task == EvaluationTask.Classification
            ? ForClassification(clean.Classifications, shifted.Classifications)
            : ForSequences(clean.Sequences, shifted.Sequences);
    }

    private static DriftReport Build(string score, double[] clean, double[] shifted, AccuracyDrop drop, int bins) =>
        new(score, clean.Length, PopulationStabilityIndex.Evaluate(clean, shifted, bins), Metrics.KolmogorovSmirnov.Test(clean, shifted), drop, clean.Average(), shifted.Average());

    /// <summary>
    /// Predictions carry no sample ids, so pairing is by position: both lists must be as long and
    /// agree on every label. (A run that lost samples to model failures cannot be paired blindly.)
    /// </summary>
    private static void RequireSameSamples<T>(IReadOnlyList<T> clean, IReadOnlyList<T> shifted, Func<T, T, string?> mismatch)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(shifted);
        if (clean.Count == 0)
        {
            throw new ArgumentException("A drift report needs predictions; the clean list is empty.", nameof(clean));
        }

        if (clean.Count != shifted.Count)
        {
            throw new ArgumentException($"{clean.Count} clean and {shifted.Count} shifted predictions: a drift report compares the same samples, one prediction each.", nameof(shifted));
        }

        for (var i = 0; i < clean.Count; i++)
        {
            if (mismatch(clean[i], shifted[i]) is { } difference)
            {
                throw new ArgumentException($"Prediction {i} has {difference}: the lists are not the same samples in the same order.", nameof(shifted));
            }
        }
    }
}
