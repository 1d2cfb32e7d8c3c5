using System.Collections.ObjectModel;
using Harness.Evaluate.Metrics;

namespace Harness.Tests.Evaluate.Metrics;

/// <summary>Short builders for the tiny hand-computed cases.</summary>
internal static class TestPredictions
{
    public static ClassificationPrediction Scored(int label, params float[] scores) => new(label, scores);

    /// <summary>A prediction of <paramref name="predicted"/> among <paramref name="classes"/> (0.7 on it, the rest shared).</summary>
    public static ClassificationPrediction Predicting(int label, int predicted, int classes)
    {
        var scores = new float[classes];
        Array.Fill(scores, 0.3f / (classes - 1));
        scores[predicted] = 0.7f;
        return new ClassificationPrediction(label, scores);
    }

    /// <summary>A two-class prediction whose top-1 confidence is <paramref name="confidence"/>, right or wrong.</summary>
    public static ClassificationPrediction Binary(double confidence, bool correct, IReadOnlyDictionary<string, string>? slices = null)
    {
        // Class 0 gets the confidence; the label is 0 when the prediction should be correct.
        float[] scores = [(float)confidence, (float)(1 - confidence)];
        return new ClassificationPrediction(correct ? 0 : 1, scores, slices ?? ReadOnlyDictionary<string, string>.Empty);
    }

    public static IReadOnlyDictionary<string, string> Slice(string attribute, string value) =>
        new Dictionary<string, string> { [attribute] = value };
}
