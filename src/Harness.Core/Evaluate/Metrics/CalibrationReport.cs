namespace Harness.Evaluate.Metrics;

/// <summary>
/// One bin of a reliability diagram: predictions whose top-1 confidence fell in
/// (<paramref name="Lower"/>, <paramref name="Upper"/>] (the first bin also takes confidence 0).
/// An empty bin reports 0 mean confidence and 0 accuracy; read <paramref name="Count"/> before plotting it.
/// </summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy)
{
    /// <summary>|accuracy − confidence|, the bin's calibration gap (0 for an empty bin).</summary>
    public double Gap => Math.Abs(Accuracy - MeanConfidence);
}

/// <summary>Expected calibration error with the reliability-diagram data it was computed from.</summary>
public sealed record CalibrationReport(double ExpectedCalibrationError, int Count, IReadOnlyList<ReliabilityBin> Bins);
