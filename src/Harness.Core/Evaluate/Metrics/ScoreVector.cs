namespace Harness.Evaluate.Metrics;

/// <summary>
/// Operations on one row of class scores: the predicted class, where the label ranks, and the
/// probability of a class whether the model emitted probabilities or logits.
/// </summary>
public static class ScoreVector
{
    /// <summary>
    /// How far a row of scores in [0, 1] may sum from 1 and still be read as probabilities. Loose
    /// enough for fp16 outputs (each probability rounded to ~5e-4 relative), and real logits
    /// essentially never all fall in [0, 1] and sum to within 1% of 1.
    /// </summary>
    public const double DistributionTolerance = 1e-2;

    /// <summary>The highest-scoring class, the lowest index on ties. NaN scores never win.</summary>
    public static int ArgMax(ReadOnlySpan<float> scores)
    {
        var best = 0;
        var bestScore = float.NegativeInfinity;
        for (var i = 0; i < scores.Length; i++)
        {
            // Strictly greater keeps the first of equal maxima; NaN compares false and is skipped.
            if (scores[i] > bestScore)
            {
                bestScore = scores[i];
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// The 0-based rank of class <paramref name="index"/>: how many classes come before it, counting
    /// equal scores at lower indices as before it so that rank 0 is exactly <see cref="ArgMax"/>'s
    /// choice. O(classes), no sort. A NaN score ranks last.
    /// </summary>
    public static int RankOf(ReadOnlySpan<float> scores, int index)
    {
        var score = scores[index];
        if (float.IsNaN(score))
        {
            return scores.Length;
        }

        var rank = 0;
        for (var j = 0; j < scores.Length; j++)
        {
            if (scores[j] > score || (j < index && scores[j] == score))
            {
                rank++;
            }
        }

        return rank;
    }

    /// <summary>Whether the scores already read as probabilities: all in [0, 1], summing to 1 within <see cref="DistributionTolerance"/>.</summary>
    public static bool IsDistribution(ReadOnlySpan<float> scores)
    {
        double sum = 0;
        foreach (var s in scores)
        {
            // The negated test also rejects NaN.
            if (!(s >= 0 && s <= 1))
            {
                return false;
            }

            sum += s;
        }

        return Math.Abs(sum - 1) <= DistributionTolerance;
    }

    /// <summary>Numerically stable softmax (shifted by the maximum so exp never overflows), accumulated in double.</summary>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> destination)
    {
        if (destination.Length < logits.Length)
        {
            throw new ArgumentException("destination is shorter than the logits", nameof(destination));
        }

        var max = Max(logits);
        double sum = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            sum += Math.Exp(logits[i] - max);
        }

        for (var i = 0; i < logits.Length; i++)
        {
            destination[i] = (float)(Math.Exp(logits[i] - max) / sum);
        }
    }

    /// <summary>
    /// The probability of class <paramref name="index"/>: renormalised if the scores are already a
    /// distribution (fp16 rounding leaves sums slightly off 1), softmax of the row otherwise.
    /// Allocates nothing, so metrics can call it per prediction.
    /// </summary>
    public static double ProbabilityOf(ReadOnlySpan<float> scores, int index)
    {
        if (IsDistribution(scores))
        {
            double total = 0;
            foreach (var s in scores)
            {
                total += s;
            }

            return total > 0 ? scores[index] / total : 0;
        }

        var max = Max(scores);
        double sum = 0;
        foreach (var s in scores)
        {
            sum += Math.Exp(s - max);
        }

        return Math.Exp(scores[index] - max) / sum;
    }

    /// <summary>The probability of the predicted class: the model's top-1 confidence.</summary>
    public static double TopProbability(ReadOnlySpan<float> scores) => ProbabilityOf(scores, ArgMax(scores));

    private static double Max(ReadOnlySpan<float> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
