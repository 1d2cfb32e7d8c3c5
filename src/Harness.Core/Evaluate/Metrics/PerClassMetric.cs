using System.Globalization;

namespace Harness.Evaluate.Metrics;

/// <summary>
/// A metric read from <see cref="ClassScores"/>: the macro average over observed classes, or one
/// class's value when built for a class. Named <c>precision</c> or <c>precision[3]</c>.
/// </summary>
public abstract class PerClassMetric : IClassificationMetric
{
    protected PerClassMetric(string baseName, int? classIndex)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseName);
        if (classIndex is { } c)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(c, nameof(classIndex));
        }

        ClassIndex = classIndex;
        Name = classIndex is { } k ? baseName + "[" + k.ToString(CultureInfo.InvariantCulture) + "]" : baseName;
    }

    /// <summary>The class this metric reports, or null for the macro average.</summary>
    public int? ClassIndex { get; }

    public string Name { get; }

    public MetricDirection Direction => MetricDirection.HigherIsBetter;

    public double Compute(IReadOnlyList<ClassificationPrediction> predictions)
    {
        var matrix = ConfusionMatrix.From(predictions);
        if (ClassIndex is not { } c)
        {
            return ClassScores.MacroAverage(matrix, Select);
        }

        if (c >= matrix.ClassCount)
        {
            throw new ArgumentException($"{Name}: the model scores only {matrix.ClassCount} classes", nameof(predictions));
        }

        return Select(ClassScores.Of(matrix, c));
    }

    protected abstract double Select(ClassScores scores);
}
