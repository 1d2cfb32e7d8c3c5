namespace Harness.Evaluate.Metrics;

/// <summary>
/// Precision, recall and F1 of one class, with the counts behind them. Undefined ratios are 0,
/// scikit-learn's <c>zero_division=0</c>: precision of a class never predicted, recall of a class
/// absent from the labels, F1 when precision and recall are both 0. A class that is neither present
/// nor predicted therefore scores 0 everywhere, which is why <see cref="MacroAverage"/> leaves it out.
/// </summary>
public sealed record ClassScores(int Class, int Support, int Predicted, int TruePositives, double Precision, double Recall, double F1)
{
    /// <summary>Whether the class occurs in the labels or the predictions, i.e. takes part in macro averages.</summary>
    public bool IsObserved => Support > 0 || Predicted > 0;

    public static ClassScores Of(ConfusionMatrix matrix, int c)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return FromCounts(c, matrix[c, c], matrix.Support(c), matrix.PredictedCount(c));
    }

    /// <summary>The scores of class <paramref name="c"/> from its true positives, support and prediction count.</summary>
    public static ClassScores FromCounts(int c, int tp, int support, int predicted)
    {
        var precision = predicted == 0 ? 0 : (double)tp / predicted;
        var recall = support == 0 ? 0 : (double)tp / support;
        // Harmonic mean written with counts, 2TP / (2TP + FP + FN): exact, and 0 when TP is 0.
        var f1 = tp == 0 ? 0 : 2.0 * tp / (predicted + support);
        return new ClassScores(c, support, predicted, tp, precision, recall, f1);
    }

    public static IReadOnlyList<ClassScores> PerClass(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var scores = new ClassScores[matrix.ClassCount];
        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] = Of(matrix, c);
        }

        return scores;
    }

    /// <summary>
    /// The unweighted mean of <paramref name="select"/> over observed classes (present in the labels
    /// or the predictions), scikit-learn's default label set. Counting the model's unused output
    /// slots as zeros would punish it for classes the data never asked about. Macro F1 is the mean
    /// of per-class F1, not the F1 of macro precision and recall.
    /// </summary>
    public static double MacroAverage(ConfusionMatrix matrix, Func<ClassScores, double> select)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var classes = matrix.ClassCount;
        var truePositives = new int[classes];
        var support = new int[classes];
        var predicted = new int[classes];
        for (var c = 0; c < classes; c++)
        {
            truePositives[c] = matrix[c, c];
            support[c] = matrix.Support(c);
            predicted[c] = matrix.PredictedCount(c);
        }

        return MacroAverage(truePositives, support, predicted, select);
    }

    /// <summary>The macro average from per-class counts, for callers that keep counts instead of a matrix.</summary>
    public static double MacroAverage(ReadOnlySpan<int> truePositives, ReadOnlySpan<int> support, ReadOnlySpan<int> predicted, Func<ClassScores, double> select)
    {
        ArgumentNullException.ThrowIfNull(select);
        double sum = 0;
        var observed = 0;
        for (var c = 0; c < truePositives.Length; c++)
        {
            var scores = FromCounts(c, truePositives[c], support[c], predicted[c]);
            if (scores.IsObserved)
            {
                sum += select(scores);
                observed++;
            }
        }

        // Metrics reject empty input, so some class is always observed.
        return observed == 0 ? double.NaN : sum / observed;
    }
}
