namespace Harness.Evaluate.Metrics;

/// <summary>Precision per class or macro-averaged; see <see cref="ClassScores"/> for the zero rules.</summary>
public sealed class Precision : PerClassMetric
{
    /// <summary>Macro precision, or class <paramref name="classIndex"/>'s precision when given.</summary>
    public Precision(int? classIndex = null)
        : base("precision", classIndex)
    {
    }

    protected override double Select(ClassScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return scores.Precision;
    }
}
