using System.Globalization;

namespace Harness.Evaluate.Metrics;

/// <summary>
/// A metric read from <see cref="ClassScores"/>: the macro average over observed classes, or one
/// class's value when built for a class. Named <c>precision</c> or <c>precision[3]</c>.
/// </summary>
public abstract class PerClassMetric : IClassificationMetric, IResampleableMetric<ClassificationPrediction>
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
        CheckClassIndex(matrix.ClassCount);
        return ClassIndex is { } c ? Select(ClassScores.Of(matrix, c)) : ClassScores.MacroAverage(matrix, Select);
    }

    /// <summary>Reduces each prediction to (label, predicted class); a resample only counts them.</summary>
    public IResampleEvaluator Prepare(IReadOnlyList<ClassificationPrediction> predictions)
    {
        var classes = PredictionGuard.ClassCount(predictions, Name);
        CheckClassIndex(classes);
        var labels = new int[predictions.Count];
        var predicted = new int[predictions.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = predictions[i].Label;
            predicted[i] = ScoreVector.ArgMax(predictions[i].Scores);
        }

        return new CountingEvaluator(this, classes, labels, predicted);
    }

    protected abstract double Select(ClassScores scores);

    private void CheckClassIndex(int classes)
    {
        if (ClassIndex >= classes)
        {
            throw new ArgumentException($"{Name}: the model scores only {classes} classes");
        }
    }

    /// <summary>Per-class counts of a resample, in buffers reused from one resample to the next.</summary>
    private sealed class CountingEvaluator(PerClassMetric metric, int classes, int[] labels, int[] predicted) : IResampleEvaluator
    {
        private readonly int[] _truePositives = new int[classes];
        private readonly int[] _support = new int[classes];
        private readonly int[] _predictedCounts = new int[classes];

        public double Compute(ReadOnlySpan<int> indices)
        {
            Array.Clear(_truePositives);
            Array.Clear(_support);
            Array.Clear(_predictedCounts);
            foreach (var i in indices)
            {
                _support[labels[i]]++;
                _predictedCounts[predicted[i]]++;
                if (labels[i] == predicted[i])
                {
                    _truePositives[labels[i]]++;
                }
            }

            if (metric.ClassIndex is { } c)
            {
                return metric.Select(ClassScores.FromCounts(c, _truePositives[c], _support[c], _predictedCounts[c]));
            }

            return ClassScores.MacroAverage(_truePositives, _support, _predictedCounts, metric.Select);
        }
    }
}
