namespace Harness.Evaluate.Metrics;

/// <summary>The argument checks every metric shares, with messages that say which prediction is wrong.</summary>
internal static class PredictionGuard
{
    public static void NotEmpty<T>(IReadOnlyList<T> predictions, string metric)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Count == 0)
        {
            throw new ArgumentException($"{metric}: no predictions to evaluate", nameof(predictions));
        }
    }

    /// <summary>The class count shared by every prediction; a model does not change its output width mid-run.</summary>
    public static int ClassCount(IReadOnlyList<ClassificationPrediction> predictions, string metric)
    {
        NotEmpty(predictions, metric);
        var classes = predictions[0].ClassCount;
        for (var i = 1; i < predictions.Count; i++)
        {
            if (predictions[i].ClassCount != classes)
            {
                throw new ArgumentException(
                    $"{metric}: prediction {i} has {predictions[i].ClassCount} class scores, the first has {classes}",
                    nameof(predictions));
            }
        }

        return classes;
    }
}
