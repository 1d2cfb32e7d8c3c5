namespace Harness.Evaluate.Metrics;

/// <summary>
/// Counts of (true class, predicted class) pairs, the predicted class being the top-1 choice.
/// Rows are true classes, columns predicted ones, as in scikit-learn, so figures line up with it.
/// Equality compares the counts, not the array's identity.
/// </summary>
public sealed record ConfusionMatrix
{
    private readonly int[] _counts;

    /// <summary>Wraps row-major counts, <paramref name="classCount"/>² of them. The array is copied.</summary>
    public ConfusionMatrix(int classCount, ReadOnlySpan<int> counts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (counts.Length != classCount * classCount)
        {
            throw new ArgumentException($"a {classCount}-class matrix needs {classCount * classCount} counts, got {counts.Length}", nameof(counts));
        }

        ClassCount = classCount;
        _counts = counts.ToArray();
        foreach (var c in _counts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(c, nameof(counts));
            Total += c;
        }
    }

    public int ClassCount { get; }

    public int Total { get; }

    /// <summary>How many predictions of true class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => _counts[Index(actual, predicted)];

    /// <summary>Predictions whose true class is <paramref name="c"/> (the row sum).</summary>
    public int Support(int c)
    {
        var sum = 0;
        for (var p = 0; p < ClassCount; p++)
        {
            sum += this[c, p];
        }

        return sum;
    }

    /// <summary>Predictions whose predicted class is <paramref name="c"/> (the column sum).</summary>
    public int PredictedCount(int c)
    {
        var sum = 0;
        for (var a = 0; a < ClassCount; a++)
        {
            sum += this[a, c];
        }

        return sum;
    }

    /// <summary>A copy of the counts, row-major, for serialisation.</summary>
    public int[] ToArray() => (int[])_counts.Clone();

    public static ConfusionMatrix From(IReadOnlyList<ClassificationPrediction> predictions)
    {
        var classes = PredictionGuard.ClassCount(predictions, "confusion matrix");
        var counts = new int[classes * classes];
        for (var i = 0; i < predictions.Count; i++)
        {
            var p = predictions[i];
            counts[(p.Label * classes) + ScoreVector.ArgMax(p.Scores)]++;
        }

        return new ConfusionMatrix(classes, counts);
    }

    public bool Equals(ConfusionMatrix? other) =>
        other is not null && ClassCount == other.ClassCount && _counts.AsSpan().SequenceEqual(other._counts);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ClassCount);
        foreach (var c in _counts)
        {
            hash.Add(c);
        }

        return hash.ToHashCode();
    }

    private int Index(int actual, int predicted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actual);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actual, ClassCount);
        ArgumentOutOfRangeException.ThrowIfNegative(predicted);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predicted, ClassCount);
        return (actual * ClassCount) + predicted;
    }
}
