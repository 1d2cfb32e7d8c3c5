using Harness.Evaluate.Metrics;

namespace Harness.Evaluate.Drift;

/// <summary>
/// The per-sample score whose distribution a drift report compares between clean and shifted
/// data: for a classifier its top-1 confidence (how sure it is, right or wrong), for a text
/// recogniser, which reports no confidence, how close its text is to the reference.
/// </summary>
public static class DriftScores
{
    /// <summary>Each prediction's probability of its predicted class (<see cref="ScoreVector.TopProbability"/>: softmax when the scores are logits).</summary>
    public static double[] TopConfidences(IReadOnlyList<ClassificationPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var scores = new double[predictions.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = ScoreVector.TopProbability(predictions[i].Scores);
        }

        return scores;
    }

    public static double[] TextSimilarities(IReadOnlyList<SequencePrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var scores = new double[predictions.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = TextSimilarity(predictions[i]);
        }

        return scores;
    }

    /// <summary>
    /// 1 − edit distance / the longer text's length, in text elements (<see cref="EditDistance"/>):
    /// 1 for an exact read, 0 when nothing matches. Normalising by the longer text, not the
    /// reference, keeps it in [0, 1] when the recogniser reads more than is there. Two empty texts
    /// match: 1.
    /// </summary>
    public static double TextSimilarity(SequencePrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var longer = Math.Max(EditDistance.Length(prediction.Expected), EditDistance.Length(prediction.Actual));
        return longer == 0 ? 1 : 1 - ((double)EditDistance.Levenshtein(prediction.Expected, prediction.Actual) / longer);
    }
}
