namespace Harness.Evaluate.Metrics;

/// <summary>A metric over class scores and true labels: accuracy, F1, log loss, calibration.</summary>
public interface IClassificationMetric : IMetric<ClassificationPrediction>;
