namespace Harness.Optimize.Quantization.Calibration;

/// <summary>How an activation's range is chosen from the values calibration saw.</summary>
public enum CalibrationMethod
{
    /// <summary>The smallest and largest value seen. Never clips a calibration value; outliers stretch the scale.</summary>
    MinMax,

    /// <summary>A symmetric threshold at a percentile of |x| (99.999 by default): ignores the rarest outliers.</summary>
    Percentile,

    /// <summary>The threshold whose 128-level quantization loses least information (smallest KL divergence).</summary>
    Entropy,

    /// <summary>The range [α·min, α·max] whose 8-bit quantization has the least squared error on the values seen.</summary>
    Mse,
}

/// <summary>The names scenarios and the quantize verb give calibration methods.</summary>
public static class CalibrationMethods
{
    public static IReadOnlyDictionary<string, CalibrationMethod> ByName { get; } = new Dictionary<string, CalibrationMethod>(StringComparer.Ordinal)
    {
        ["minmax"] = CalibrationMethod.MinMax,
        ["percentile"] = CalibrationMethod.Percentile,
        ["entropy"] = CalibrationMethod.Entropy,
        ["mse"] = CalibrationMethod.Mse,
    };
}

/// <summary>The calibration method with its parameters; the defaults are ONNX Runtime's.</summary>
public sealed record CalibrationSettings
{
    public CalibrationMethod Method { get; init; } = CalibrationMethod.MinMax;

    /// <summary>Percentile of |x| kept by <see cref="CalibrationMethod.Percentile"/>.</summary>
    public double Percentile { get; init; } = 99.999;

    /// <summary>Histogram bins for Percentile and Entropy.</summary>
    public int HistogramBins { get; init; } = 2048;

    /// <summary>Levels the Entropy method quantizes candidate ranges to (half of an 8-bit range's 256).</summary>
    public int QuantizedBins { get; init; } = 128;

    public IRangeEstimator CreateEstimator() => Method switch
    {
        CalibrationMethod.MinMax => new MinMaxEstimator(),
        CalibrationMethod.Percentile => new PercentileEstimator(HistogramBins, Percentile),
        CalibrationMethod.Entropy => new EntropyEstimator(HistogramBins, QuantizedBins),
        CalibrationMethod.Mse => new MseEstimator(HistogramBins),
        _ => throw new ArgumentOutOfRangeException(nameof(Method), Method, null),
    };
}
