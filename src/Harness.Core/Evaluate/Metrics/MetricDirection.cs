namespace Harness.Evaluate.Metrics;

/// <summary>
/// Which way a metric improves. Slices and accuracy-drop reports need it to say "worse" without
/// knowing every metric by name.
/// </summary>
public enum MetricDirection
{
    /// <summary>Accuracy, F1: a larger value is a better model.</summary>
    HigherIsBetter,

    /// <summary>Log loss, calibration error, character error rate: a smaller value is a better model.</summary>
    LowerIsBetter,
}
