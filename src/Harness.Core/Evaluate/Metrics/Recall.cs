namespace Harness.Evaluate.Metrics;

/// <summary>Recall per class or macro-averaged; see <see cref="ClassScores"/> for the zero rules.</summary>
public sealed class Recall : PerClassMetric
{
    /// <summary>Macro recall, or class <paramref name="classIndex"/>'s recall when given.</summary>
    public Recall(int? classIndex = null)
        : base("recall", classIndex)
    {
    }

    protected override double Select(ClassScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return scores.Recall;
    }
}
