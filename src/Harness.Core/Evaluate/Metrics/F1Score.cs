namespace Harness.Evaluate.Metrics;

/// <summary>F1 per class or macro-averaged; see <see cref="ClassScores"/> for the zero rules.</summary>
public sealed class F1Score : PerClassMetric
{
    /// <summary>Macro f1, or class <paramref name="classIndex"/>'s f1 when given.</summary>
    public F1Score(int? classIndex = null)
        : base("f1", classIndex)
    {
    }

    protected override double Select(ClassScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return scores.F1;
    }
}
